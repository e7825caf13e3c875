package org.hrnetbeam.trainstage;

import java.io.IOException;
import java.io.PrintStream;
import java.util.UUID;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.train.EpochTrainer;
import org.hrnetbeam.train.EpochWork;
import org.hrnetbeam.train.NonFiniteLossException;
import org.hrnetbeam.train.RoundCheckpoints;
import org.hrnetbeam.train.Trainer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Each epoch as one Beam pipeline run ({@link TrainEpoch}): the driver writes the epoch's start
 * state to the work folder, runs the pipeline on the given runner, then reads back every round's
 * mean losses (for the logs) and the last round's averaged parameters and momentum, which become
 * the driver's model for validation and the epoch's checkpoint. Checkpoints inside the epoch are
 * written by the pipeline itself ({@link CheckpointRound}). A resumed epoch starts its rounds at
 * the checkpoint's iteration; each worker's reader skips the batches before it.
 */
public final class BeamEpochs implements EpochTrainer {
  private final ExperimentConfig config;
  private final long seed;
  private final String shardDir;
  private final String workDir;
  private final PipelineOptions options;
  private final PrintStream console;
  private final int workers;
  private final boolean keepReplicas;
  private final int failAfterRound;
  private final String runId = UUID.randomUUID().toString();

  /**
   * @param shardDir the shards, local or gs://
   * @param workDir a folder every worker can write and the driver read (the run's output folder's
   *     {@code train-rounds}); emptied after each epoch
   * @param workers W
   * @param keepReplicas false to rebuild every replica every round (as when rounds land on
   *     other machines); true keeps them in the JVM between rounds, which is much cheaper
   */
  public BeamEpochs(ExperimentConfig config, long seed, String shardDir, String workDir, int workers,
      PipelineOptions options, PrintStream console, boolean keepReplicas) {
    this(config, seed, shardDir, workDir, workers, options, console, keepReplicas, -1);
  }

  /**
   * For tests: as above, and every epoch's pipeline fails right after round {@code failAfterRound}'s
   * checkpoint (−1: never), leaving the output folder as a run killed there would.
   */
  BeamEpochs(ExperimentConfig config, long seed, String shardDir, String workDir, int workers,
      PipelineOptions options, PrintStream console, boolean keepReplicas, int failAfterRound) {
    this.failAfterRound = failAfterRound;
    this.config = config;
    this.seed = seed;
    this.shardDir = shardDir;
    this.workDir = workDir;
    this.workers = workers;
    this.options = options;
    this.console = console;
    this.keepReplicas = keepReplicas;
  }

  @Override
  public void train(Trainer trainer, EpochWork work, RoundCheckpoints checkpoints, IterationLog log)
      throws IOException {
    int k = config.getInt("PIPELINE.AVERAGING_FREQUENCY");
    EpochJob job = new EpochJob(config, seed, shardDir, runId, workDir, work, checkpoints, workers, k, keepReplicas,
        failAfterRound);
    int epoch = work.epoch();
    RoundFiles.clear(workDir, epoch);
    RoundFiles.write(RoundFiles.start(workDir, epoch),
        RoundState.start(trainer.parameters().toFloatVector(), trainer.momentumBuffer().toFloatVector()));
    LiveConsole.register(runId, console);
    try {
      Pipeline p = Pipeline.create(options);
      p.apply("TrainEpoch" + epoch, new TrainEpoch(job));
      PipelineResult.State state = p.run().waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new IOException("training pipeline of epoch " + epoch + " ended in state " + state);
      }
    } catch (RuntimeException e) {
      NonFiniteLossException nonFinite = nonFiniteCause(e);
      throw nonFinite != null ? nonFinite : e;
    } finally {
      LiveConsole.unregister(runId);
      Replicas.drop(runId);
      CheckpointRound.drop(runId);
    }
    RoundState last = null;
    for (int r = 0; r < job.rounds(); r++) {
      RoundState s = RoundFiles.read(RoundFiles.round(workDir, epoch, r));
      long first = job.firstIteration(r);
      for (int i = 0; i < s.losses().length; i++) {
        log.iteration(first + i, s.losses()[i], s.iterationNanos()[i], s.dataNanos()[i]);
      }
      last = s;
    }
    var params = trainer.parameters();
    params.assign(Nd4j.createFromArray(last.params()).reshape(params.shape()));
    trainer.setMomentumBuffer(Nd4j.createFromArray(last.momentum()));
    RoundFiles.clear(workDir, epoch);
  }

  /** A worker's non-finite loss, as the runner hands it back (the exception itself, or its text). */
  private static NonFiniteLossException nonFiniteCause(Throwable e) {
    String marker = NonFiniteLossException.class.getName() + ": ";
    for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof NonFiniteLossException n) {
        return new NonFiniteLossException(n.getMessage(), n.loss());
      }
      String message = String.valueOf(t.getMessage());
      int at = message.indexOf(marker);
      if (at >= 0) {
        return new NonFiniteLossException(message.substring(at + marker.length()), Double.NaN);
      }
    }
    return null;
  }

  @Override
  public boolean printsProgress() {
    return true;
  }

  @Override
  public String description() {
    return "hrnet train (Beam stage, " + workers + " worker" + (workers == 1 ? "" : "s") + ", "
        + options.getRunner().getSimpleName() + ")";
  }
}
