package org.hrnetbeam.evaluate;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The order in which {@code Top} chooses the pictured images, on sample ids: by SHA-256 of the id,
 * then the id. It depends on nothing but the ids, so every runner keeps the same images, and it
 * spreads the choice over the val set instead of taking the first city or sequence in name order.
 */
final class PictureOrder implements Comparator<String>, Serializable {
  private static final long serialVersionUID = 1L;

  @Override
  public int compare(String a, String b) {
    int byHash = Arrays.compareUnsigned(hash(a), hash(b));
    return byHash != 0 ? byHash : a.compareTo(b);
  }

  private static byte[] hash(String id) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** The same order on pictures, by their sample ids. */
  static final class OfPictures implements Comparator<PictureSample>, Serializable {
    private static final long serialVersionUID = 1L;
    private final PictureOrder order = new PictureOrder();

    @Override
    public int compare(PictureSample a, PictureSample b) {
      return order.compare(a.sampleId(), b.sampleId());
    }
  }
}
