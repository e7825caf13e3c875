package org.hrnetbeam.trainstage;

import java.io.Serializable;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.train.EpochWork;
import org.hrnetbeam.train.RoundCheckpoints;

/**
 * Everything a worker needs to train its share of one epoch, carried inside the pipeline so a
 * worker on another machine can rebuild its replica.
 *
 * @param config the run's resolved config (model, loss, optimiser, data settings)
 * @param seed the run's seed (initialisation and data order)
 * @param shardDir the shards (local or gs://)
 * @param runId names this run's replicas in a JVM's {@link Replicas} cache
 * @param workDir where the epoch's start state and round results go (local or gs://)
 * @param work the epoch: split, steps and their rates
 * @param checkpoints where the epoch starts (0, or a resumed mid-epoch checkpoint's iteration)
 *     and after which rounds the checkpoint is written
 * @param workers W, the data-parallel workers
 * @param roundLength K = PIPELINE.AVERAGING_FREQUENCY, steps between averages
 * @param keepReplicas false: drop each replica after its round, so every round rebuilds it from
 *     the averaged state, as on a worker that did not run the previous round
 * @param failAfterRound for tests, −1 otherwise: the pipeline fails right after round r's
 *     checkpoint, as a run killed there would leave its output folder
 */
record EpochJob(ExperimentConfig config, long seed, String shardDir, String runId, String workDir, EpochWork work,
    RoundCheckpoints checkpoints, int workers, int roundLength, boolean keepReplicas, int failAfterRound)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Rounds in this run of the epoch: ceil(iterations left / K). */
  int rounds() {
    return (int) ((work.iterations() - checkpoints.firstIteration() + roundLength - 1) / roundLength);
  }

  /** First iteration of round {@code r}: rounds of K from where the epoch starts. */
  long firstIteration(int r) {
    return checkpoints.firstIteration() + (long) r * roundLength;
  }

  /** One past the last iteration of round {@code r} (the last round may be shorter). */
  long endIteration(int r) {
    return Math.min(work.iterations(), firstIteration(r) + roundLength);
  }

  /** Whether the checkpoint is written after round {@code r} (never after the last: the driver writes that one). */
  boolean checkpointAfter(int r) {
    return checkpoints.due(endIteration(r), work.iterations());
  }
}
