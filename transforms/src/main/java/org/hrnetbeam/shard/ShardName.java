package org.hrnetbeam.shard;

/** Shard file names: {@code <split>-SSSSS-of-NNNNN.tfrecord}, {@code .tfrecord.gz} when gzipped. */
public final class ShardName {
  private ShardName() {}

  public static String of(String split, int shard, int numShards, boolean gzip) {
    return String.format("%s-%05d-of-%05d.tfrecord%s", split, shard, numShards, gzip ? ".gz" : "");
  }
}
