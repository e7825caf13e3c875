package org.hrnetbeam.remap;

import java.io.Serializable;
import java.util.Map;

/**
 * What remapping one sample's label counted.
 *
 * @param split the sample's split
 * @param classPixels pixels per train id
 * @param presentImagePixels per train id: the image's pixel count if the class occurs in it, else
 *     0 (the denominator of median-frequency balancing)
 * @param unmapped source value → pixels the map did not cover
 */
public record LabelStats(String split, long[] classPixels, long[] presentImagePixels, Map<Integer, Long> unmapped)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The statistics of one remapped label of {@code split}. */
  public static LabelStats of(String split, RemappedLabel r) {
    long pixels = (long) r.label().width() * r.label().height();
    long[] present = new long[r.classPixels().length];
    for (int c = 0; c < present.length; c++) {
      present[c] = r.classPixels()[c] > 0 ? pixels : 0;
    }
    return new LabelStats(split, r.classPixels(), present, r.unmapped());
  }
}
