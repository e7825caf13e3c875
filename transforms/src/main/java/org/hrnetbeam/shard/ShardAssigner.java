package org.hrnetbeam.shard;

import org.hrnetbeam.augment.SampleRandom;

/**
 * Which shard a record goes to: a hash of (seed, sample id, copy), so records spread evenly and
 * the assignment is the same on every runner. A different purpose string than augmentation keeps
 * the two draws independent.
 */
public final class ShardAssigner {
  private ShardAssigner() {}

  public static int shardOf(long seed, String sampleId, int copy, int numShards) {
    long h = SampleRandom.hash("shard|" + seed + "|" + sampleId + "|" + copy);
    return (int) Math.floorMod(h, (long) numShards);
  }
}
