package org.hrnetbeam.records;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One shard record: what training reads back. Images and labels stay PNG-encoded.
 *
 * @param sampleId the source sample's id (image path relative to the dataset root)
 * @param copy which augmented copy of the sample (0 for validation)
 * @param filename the source image file name
 * @param width pixels
 * @param height pixels
 * @param imagePng 8-bit RGB PNG
 * @param labelPng 8-bit gray PNG of train ids (ignore = the label map's ignore, 255)
 */
public record SampleRecord(String sampleId, int copy, String filename, int width, int height,
    byte[] imagePng, byte[] labelPng) implements Serializable {
  private static final long serialVersionUID = 1L;

  @Override
  public boolean equals(Object o) {
    return o instanceof SampleRecord r && sampleId.equals(r.sampleId) && copy == r.copy
        && filename.equals(r.filename) && width == r.width && height == r.height
        && Arrays.equals(imagePng, r.imagePng) && Arrays.equals(labelPng, r.labelPng);
  }

  @Override
  public int hashCode() {
    return sampleId.hashCode() * 31 + copy;
  }

  @Override
  public String toString() {
    return "SampleRecord[" + sampleId + " #" + copy + ", " + width + "x" + height + "]";
  }
}
