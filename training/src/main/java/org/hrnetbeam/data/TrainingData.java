package org.hrnetbeam.data;

import java.util.List;
import java.nio.file.Path;

/**
 * The entry point: the batches of one worker for one epoch of a split, read ahead in the
 * background. The trainer opens one per epoch and closes it at the epoch's end.
 *
 * <pre>{@code
 * ShardManifest m = ShardManifest.read(Storage.path(shardDir));
 * DataSettings s = DataSettings.training(config, seed);
 * try (Prefetcher batches = TrainingData.open(m, "train", s, worker, workers, epoch, schedule.itersInEpoch(epoch))) {
 *   while (batches.hasNext()) { Batch b = batches.next(); ... b.waitNanos() is the data time ... }
 * }
 * }</pre>
 */
public final class TrainingData {
  private TrainingData() {}

  /**
   * Opens {@code split} for {@code worker} of {@code workers} in {@code epoch}.
   *
   * @param maxBatches exactly this many batches, re-reading this worker's shards from the start
   *     if they run short (pass the schedule's iterations per epoch, so every worker steps equally
   *     often); {@code Long.MAX_VALUE}: one pass over the shards, however many batches that gives
   */
  public static Prefetcher open(ShardManifest manifest, String split, DataSettings settings, int worker,
      int workers, int epoch, long maxBatches) {
    List<Path> shards = manifest.shards(split);
    EpochPlan plan = EpochPlan.of(shards, worker, workers, epoch, manifest.copiesOf(split), settings);
    EpochBatches batches = new EpochBatches(plan, settings, manifest.gzip(), manifest.ignoreLabel(), maxBatches);
    return new Prefetcher(batches, settings.prefetchBatches(), "hrnet-data-" + split + "-w" + worker + "-e" + epoch);
  }
}
