package org.hrnetbeam.data;

import org.hrnetbeam.imageio.ImageDecodeException;
import org.hrnetbeam.imageio.ImageDecoder;
import org.hrnetbeam.imageio.LabelImage;
import org.hrnetbeam.imageio.RgbImage;
import org.hrnetbeam.inference.ImageNormalizer;
import org.hrnetbeam.records.SampleRecord;

/**
 * Shard record → model input, the last step of the reference's {@code gen_sample} that the
 * prepare stage leaves to training: RGB, ÷255, minus the ImageNet mean, ÷ the ImageNet std, per
 * channel, laid out CHW. Labels are decoded and the shards' ignore value is rewritten to the
 * run's TRAIN.IGNORE_LABEL (the loss and the metrics compare against that).
 */
public final class SampleNormalizer {
  private final int shardIgnore;
  private final int runIgnore;
  private final float[][] table = new float[3][256];

  /**
   * @param shardIgnore the label value of ignored pixels in the shards (manifest labels.ignore)
   * @param runIgnore TRAIN.IGNORE_LABEL
   */
  public SampleNormalizer(int shardIgnore, int runIgnore) {
    this.shardIgnore = shardIgnore;
    this.runIgnore = runIgnore;
    // 256 values per channel: a lookup is cheaper than the arithmetic per pixel. The values are
    // evaluation's (ImageNormalizer), so training and evaluation see identical inputs.
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        table[c][v] = ImageNormalizer.normalizedValue(v, c);
      }
    }
  }

  /** Decodes the record's PNGs and normalises them; {@code source} names it in errors. */
  public NormalizedSample normalize(SampleRecord record, String source) {
    String name = source + " (" + record.sampleId() + " #" + record.copy() + ")";
    RgbImage image;
    LabelImage label;
    try {
      image = ImageDecoder.decodeColour(record.imagePng(), name + " image");
      label = ImageDecoder.decodeLabel(record.labelPng(), name + " label");
    } catch (ImageDecodeException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (image.width() != record.width() || image.height() != record.height()) {
      throw new IllegalArgumentException(name + ": image is " + image.width() + "x" + image.height()
          + " but the record says " + record.width() + "x" + record.height());
    }
    int plane = image.width() * image.height();
    float[] chw = new float[3 * plane];
    byte[] rgb = image.rgb();
    for (int p = 0; p < plane; p++) {
      chw[p] = table[0][rgb[3 * p] & 0xFF];
      chw[plane + p] = table[1][rgb[3 * p + 1] & 0xFF];
      chw[2 * plane + p] = table[2][rgb[3 * p + 2] & 0xFF];
    }
    int[] labels = label.values().clone();
    if (shardIgnore != runIgnore) {
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == shardIgnore) {
          labels[i] = runIgnore;
        }
      }
    }
    return new NormalizedSample(record.sampleId(), record.copy(), image.width(), image.height(), chw,
        label.width(), label.height(), labels);
  }
}
