package org.hrnetbeam.evaluate;

import java.io.Serializable;

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
}
