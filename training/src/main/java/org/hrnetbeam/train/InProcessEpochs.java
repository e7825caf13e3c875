package org.hrnetbeam.train;

import java.io.IOException;
import org.hrnetbeam.data.DataSettings;
import org.hrnetbeam.data.Prefetcher;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.data.TrainingData;

/**
 * The epoch trained in this process by one worker: the shards' batches of worker 0 of 1 straight
 * into {@link Trainer#step}, each iteration logged as it ends.
 */
public final class InProcessEpochs implements EpochTrainer {
  private final ShardManifest manifest;
  private final DataSettings data;

  public InProcessEpochs(ShardManifest manifest, DataSettings data) {
    this.manifest = manifest;
    this.data = data;
  }

  @Override
  public void train(Trainer trainer, EpochWork work, IterationLog log) throws IOException {
    try (Prefetcher batches = TrainingData.open(manifest, work.split(), data, 0, 1, work.epoch(), work.iterations())) {
      ReplicaSteps.run(trainer, batches, work, 0, work.iterations(), 0, log::iteration);
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
