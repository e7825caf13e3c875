package org.hrnetbeam.train;

import java.io.IOException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.storage.Storage;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where an epoch starts and how it writes the {@code checkpoint} inside itself: after every
 * {@code everyIterations} iterations (PIPELINE.AVERAGING_FREQUENCY × PIPELINE.CHECKPOINT_EVERY_ROUNDS,
 * so after every N-th averaging round; 0 for none), never at the epoch's end, which the driver
 * checkpoints after validation. Serializable, so a Beam DoFn on another machine can write the
 * checkpoint from a round's average without asking the driver.
 *
 * @param file the checkpoint (local or gs://, as {@link Storage#location})
 * @param everyIterations iterations between mid-epoch checkpoints, counted from the epoch's start; 0: none
 * @param before the epoch's iterations a resumed run already did (none for a fresh epoch)
 * @param bestMeanIou best validation mIoU when the epoch started
 * @param seed the run's seed
 * @param configHash sha-256 of the run's resolved config
 * @param provenance what the model files of the run record (made_by, seed, shards, ...)
 */
public record RoundCheckpoints(String file, int everyIterations, EpochProgress before, double bestMeanIou, long seed,
    String configHash, Map<String, String> provenance) implements Serializable {
  private static final long serialVersionUID = 1L;

  public RoundCheckpoints {
    if (everyIterations < 0) {
      throw new IllegalArgumentException("checkpoint interval must be >= 0 iterations, got " + everyIterations);
    }
    provenance = new LinkedHashMap<>(provenance);
  }

  /** The epoch's first iteration to train: 0, or where a mid-epoch checkpoint left it. */
  public long firstIteration() {
    return before.count();
  }

  /**
   * Whether a checkpoint is due once {@code nextIteration} iterations of an epoch of
   * {@code epochIterations} are done.
   */
  public boolean due(long nextIteration, long epochIterations) {
    return everyIterations > 0 && nextIteration < epochIterations && nextIteration % everyIterations == 0;
  }

  /**
   * Writes the checkpoint of {@code work}'s epoch with {@code done} (which starts with
   * {@link #before}) finished: {@code model}'s weights and BN statistics, {@code momentum}, and a
   * state that resumes at iteration {@code done.count()}. Atomic: a failed write leaves the
   * previous checkpoint as it was.
   */
  public void save(HrnetModel model, INDArray momentum, EpochWork work, EpochProgress done) throws IOException {
    TrainingState state = new TrainingState(work.epoch(), work.startStep() + done.count(), bestMeanIou, seed,
        configHash, done);
    Map<String, String> p = new LinkedHashMap<>(provenance);
    p.put("epochs_done", String.valueOf(work.epoch()));
    p.put("epoch_iterations_done", String.valueOf(done.count()));
    p.put("time", java.time.Instant.now().toString());
    TrainingCheckpoint.save(Storage.path(file), model, momentum, state, p);
  }
}
