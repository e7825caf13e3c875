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
}
