package org.hrnetbeam.evaluate;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A validation image kept for a comparison panel: the record's image and ground truth PNGs as they
 * are in the shard, and the prediction as an 8-bit PNG of class indices.
 *
 * @param sampleId      the record's sample id
 * @param imagePng      RGB PNG from the shard
 * @param truthPng      ground-truth train ids from the shard (ignore = the shard's ignore value)
 * @param predictionPng predicted class per pixel
 */
public record PictureSample(String sampleId, byte[] imagePng, byte[] truthPng, byte[] predictionPng)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** By content (arrays compared element-wise), as Beam's DirectRunner expects of a value. */
  @Override
  public boolean equals(Object o) {
    return o instanceof PictureSample p && p.sampleId.equals(sampleId) && Arrays.equals(p.imagePng, imagePng)
        && Arrays.equals(p.truthPng, truthPng) && Arrays.equals(p.predictionPng, predictionPng);
  }

  @Override
  public int hashCode() {
    return sampleId.hashCode() * 31 + Arrays.hashCode(predictionPng);
  }

  @Override
  public String toString() {
    return "PictureSample[" + sampleId + ", " + imagePng.length + " + " + truthPng.length + " + " + predictionPng.length
        + " PNG bytes]";
  }
}
