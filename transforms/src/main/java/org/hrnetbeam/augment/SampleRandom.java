package org.hrnetbeam.augment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * Random draws that depend only on (seed, sample id, copy index), never on processing order, so
 * any runner at any parallelism draws the same crops.
 *
 * <p>The generator is a {@link SplittableRandom} seeded with the first 8 bytes of
 * SHA-256("purpose|seed|id|copy"); the purpose string keeps the augmentation draws independent of
 * the shard assignment drawn for the same sample.
 */
public final class SampleRandom {
  private final SplittableRandom random;

  private SampleRandom(long seed) {
    this.random = new SplittableRandom(seed);
  }

  public static SampleRandom of(String purpose, long seed, String sampleId, int copy) {
    return new SampleRandom(hash(purpose + "|" + seed + "|" + sampleId + "|" + copy));
  }

  /** Uniform integer in [low, high], both inclusive, like Python's random.randint. */
  public int randint(int low, int high) {
    return low + random.nextInt(high - low + 1);
  }

  /** Uniform double in [0, 1), like Python's random.random. */
  public double uniform() {
    return random.nextDouble();
  }

  /** 64 bits from SHA-256 of the text. */
  public static long hash(String text) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
    long h = 0;
    for (int i = 0; i < 8; i++) {
      h = (h << 8) | (digest[i] & 0xFF);
    }
    return h;
  }
}
