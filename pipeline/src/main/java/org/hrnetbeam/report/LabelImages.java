package org.hrnetbeam.report;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Class maps as images: a colour picture in a {@link Palette}, or an 8-bit grey PNG holding label
 * values (as the reference's test output, after mapping trainIds back to dataset ids).
 */
public final class LabelImages {
  private LabelImages() {}

  /** {@code labels} ({@code [H][W]} flattened) drawn in the palette's colours; unknown labels black. */
  public static BufferedImage colorize(int[] labels, int height, int width, Palette palette) {
    checkSize(labels, height, width);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] rgb = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      rgb[i] = palette.colour(labels[i]);
    }
    image.setRGB(0, 0, width, height, rgb, 0, width);
    return image;
  }

  /**
   * A grey image whose pixel values are {@code inverse[label]}: trainIds back to dataset label ids.
   *
   * @param inverse label value to write for each class index; each must fit in 0..255
   * @throws IllegalArgumentException naming the label that has no entry
   */
  public static BufferedImage labelIds(int[] labels, int height, int width, int[] inverse) {
    checkSize(labels, height, width);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < labels.length; i++) {
      int label = labels[i];
      if (label < 0 || label >= inverse.length) {
        throw new IllegalArgumentException("class " + label + " at pixel " + i + " has no label id in the inverse map of "
            + inverse.length + " classes");
      }
      int id = inverse[label];
      if (id < 0 || id > 255) {
        throw new IllegalArgumentException("label id " + id + " of class " + label + " does not fit an 8-bit PNG");
      }
      pixels[i] = (byte) id;
    }
    return image;
  }

  private static void checkSize(int[] labels, int height, int width) {
    if (labels.length != height * width) {
      throw new IllegalArgumentException(labels.length + " labels do not make a " + height + "x" + width + " map");
    }
  }
}
