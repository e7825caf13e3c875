package org.hrnetbeam.train;

import java.io.IOException;
import org.hrnetbeam.data.DataSettings;
import org.hrnetbeam.data.Prefetcher;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.data.TrainingData;

/**
 * The epoch trained in this process by one worker: the shards' batches of worker 0 of 1 straight
 * into {@link Trainer#step}, each iteration logged as it ends, and the mid-epoch checkpoint
 * written where the Beam stage would write it (after every N-th round of K iterations), so both
 * paths leave the same checkpoints. A resumed epoch skips the batches its checkpoint consumed.
 */
public final class InProcessEpochs implements EpochTrainer {
  private final ShardManifest manifest;
  private final DataSettings data;

  public InProcessEpochs(ShardManifest manifest, DataSettings data) {
    this.manifest = manifest;
    this.data = data;
  }

  @Override
  public void train(Trainer trainer, EpochWork work, RoundCheckpoints checkpoints, IterationLog log)
      throws IOException {
    long from = checkpoints.firstIteration();
    EpochProgress[] done = {checkpoints.before()};
    try (Prefetcher batches = TrainingData.open(manifest, work.split(), data, 0, 1, work.epoch(), work.iterations())) {
      for (long i = 0; i < from; i++) {
        batches.next();
      }
      ReplicaSteps.run(trainer, batches, work, from, work.iterations(), 0, (it, loss, iterationNanos, dataNanos) -> {
        log.iteration(it, loss, iterationNanos, dataNanos);
        done[0] = done[0].then(loss, iterationNanos, dataNanos);
        if (checkpoints.due(it + 1, work.iterations())) {
          checkpoints.save(trainer.model(), trainer.momentumBuffer(), work, done[0]);
        }
      });
    }
  }

  @Override
  public boolean printsProgress() {
    return false;
  }

  @Override
  public String description() {
    return "hrnet training (single process)";
  }
}
