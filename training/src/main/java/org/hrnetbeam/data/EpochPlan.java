package org.hrnetbeam.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hrnetbeam.augment.SampleRandom;

/**
 * What one worker reads in one epoch: its shards (worker w of W gets shards w, w+W, w+2W, … of
 * the split's name-ordered list), in an order shuffled from (seed, epoch, worker), the seed of
 * its record shuffle, and which augmented copy it keeps. Everything derives from those numbers,
 * so a rerun reads the same records in the same order, and each epoch differs from the last.
 *
 * @param shards this worker's shard files, in reading order
 * @param copy the augmented copy to keep, or -1 for every record
 * @param shuffleSeed seed of the record shuffle buffer
 */
public record EpochPlan(List<Path> shards, int copy, long shuffleSeed) {
  public EpochPlan {
    shards = List.copyOf(shards);
  }

  /**
   * The plan of {@code worker} (0-based) of {@code workers} for {@code epoch}.
   *
   * @param copies augmented copies per image in this split (1 when not augmented)
   */
  public static EpochPlan of(List<Path> allShards, int worker, int workers, int epoch, int copies, DataSettings s) {
    if (workers < 1 || worker < 0 || worker >= workers) {
      throw new IllegalArgumentException("worker " + worker + " of " + workers + " does not exist");
    }
    if (allShards.size() < workers) {
      throw new IllegalArgumentException(workers + " workers but only " + allShards.size()
          + " shard files: every worker needs at least one (raise PIPELINE.NUM_SHARDS and rerun prepare)");
    }
    List<Path> mine = new ArrayList<>();
    for (int i = worker; i < allShards.size(); i += workers) {
      mine.add(allShards.get(i));
    }
    if (s.shuffle()) {
      SplittableRandom random = new SplittableRandom(SampleRandom.hash("shard-order|" + s.seed() + "|" + epoch + "|" + worker));
      for (int i = mine.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        Path t = mine.get(i);
        mine.set(i, mine.get(j));
        mine.set(j, t);
      }
    }
    int copy = s.oneCopyPerEpoch() && copies > 1 ? Math.floorMod(epoch, copies) : -1;
    long shuffleSeed = SampleRandom.hash("record-order|" + s.seed() + "|" + epoch + "|" + worker);
    return new EpochPlan(mine, copy, shuffleSeed);
  }
}
