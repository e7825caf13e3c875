package org.hrnetbeam.shard;

import java.util.regex.Pattern;

/** Shard file names: {@code <split>-SSSSS-of-NNNNN.tfrecord}, {@code .tfrecord.gz} when gzipped. */
public final class ShardName {
  private static final Pattern ANY = Pattern.compile("[A-Za-z0-9_]+-\\d{5}-of-\\d{5}\\.tfrecord(\\.gz)?");

  private ShardName() {}

  /** Whether a file name has the form of a shard's, of any split, count or compression. */
  public static boolean isShardName(String fileName) {
    return ANY.matcher(fileName).matches();
  }

  public static String of(String split, int shard, int numShards, boolean gzip) {
    return String.format("%s-%05d-of-%05d.tfrecord%s", split, shard, numShards, gzip ? ".gz" : "");
  }
}
