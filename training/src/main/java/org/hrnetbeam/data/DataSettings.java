package org.hrnetbeam.data;

import org.hrnetbeam.config.ExperimentConfig;

/**
 * How one worker reads a split.
 *
 * @param batchSize samples per batch (TRAIN.BATCH_SIZE_PER_GPU for training)
 * @param shuffle shuffle shard order and records every epoch (TRAIN.SHUFFLE); off: shard order
 *     and file order, as written
 * @param shuffleBuffer records held for the record shuffle (PIPELINE.SHUFFLE_BUFFER); memory is
 *     this many encoded records
 * @param prefetchBatches decoded batches prepared ahead (PIPELINE.PREFETCH_BATCHES); memory is
 *     this many batches, plus one being built
 * @param oneCopyPerEpoch read only augmented copy {@code epoch mod copies} of each image, so an
 *     epoch sees every image once as in the reference (which draws a fresh crop every epoch);
 *     off: every record, every epoch
 * @param dropLast drop the incomplete last batch (the reference's training loader does)
 * @param decodeThreads threads decoding and normalising PNGs (WORKERS, the reference's loader
 *     processes); 1 decodes on the prefetch thread itself. Order does not depend on it
 * @param ignoreLabel TRAIN.IGNORE_LABEL, written into labels where the shards hold their ignore value
 * @param seed the run's seed; orders derive from (seed, epoch, worker)
 */
public record DataSettings(int batchSize, boolean shuffle, int shuffleBuffer, int prefetchBatches,
    boolean oneCopyPerEpoch, boolean dropLast, int decodeThreads, int ignoreLabel, long seed) {
  public DataSettings {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    if (shuffleBuffer < 1) {
      throw new IllegalArgumentException("PIPELINE.SHUFFLE_BUFFER must be >= 1, got " + shuffleBuffer);
    }
    if (decodeThreads < 1) {
      throw new IllegalArgumentException("decode threads (WORKERS) must be >= 1, got " + decodeThreads);
    }
    if (prefetchBatches < 1) {
      throw new IllegalArgumentException("PIPELINE.PREFETCH_BATCHES must be >= 1, got " + prefetchBatches);
    }
  }

  /** Training reads: the config's batch, shuffle and buffers, one copy per epoch, last batch dropped. */
  public static DataSettings training(ExperimentConfig config, long seed) {
    return new DataSettings(config.getInt("TRAIN.BATCH_SIZE_PER_GPU"), config.getBoolean("TRAIN.SHUFFLE"),
        config.getInt("PIPELINE.SHUFFLE_BUFFER"), config.getInt("PIPELINE.PREFETCH_BATCHES"), true, true,
        Math.max(1, config.getInt("WORKERS")), config.getInt("TRAIN.IGNORE_LABEL"), seed);
  }

  /** Validation reads: one full-size image per batch, in file order, nothing dropped. */
  public static DataSettings validation(ExperimentConfig config) {
    return new DataSettings(1, false, 1, config.getInt("PIPELINE.PREFETCH_BATCHES"), false, false,
        Math.max(1, config.getInt("WORKERS")), config.getInt("TRAIN.IGNORE_LABEL"), 0);
  }
}
