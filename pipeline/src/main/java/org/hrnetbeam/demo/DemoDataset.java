package org.hrnetbeam.demo;

/**
 * The size of a synthetic street-scene dataset. The default (40 training and 10 validation frames
 * of 256×128) is what {@code hrnet demo} writes: small enough that prepare, train and evaluate
 * take a few minutes on 2 cores, large enough that validation measures something.
 *
 * @param seed every picture derives from (seed, split, index)
 * @param trainImages frames under leftImg8bit/train
 * @param valImages frames under leftImg8bit/val
 * @param width frame width in pixels
 * @param height frame height in pixels
 */
public record DemoDataset(long seed, int trainImages, int valImages, int width, int height) {
  public static final int DEFAULT_TRAIN_IMAGES = 40;
  public static final int DEFAULT_VAL_IMAGES = 10;
  public static final int DEFAULT_WIDTH = 256;
  public static final int DEFAULT_HEIGHT = 128;

  public DemoDataset {
    if (trainImages < 1 || valImages < 1) {
      throw new IllegalArgumentException("a demo dataset needs at least one train and one val image, got "
          + trainImages + " train and " + valImages + " val");
    }
    if (width < 32 || height < 32) {
      throw new IllegalArgumentException("demo frames must be at least 32x32, got " + width + "x" + height);
    }
  }

  public static DemoDataset of(long seed) {
    return new DemoDataset(seed, DEFAULT_TRAIN_IMAGES, DEFAULT_VAL_IMAGES, DEFAULT_WIDTH, DEFAULT_HEIGHT);
  }

  /** One line that identifies these contents: equal lines mean equal files. */
  String signature() {
    return "synthetic-streets v1 seed=" + seed + " train=" + trainImages + " val=" + valImages
        + " size=" + width + "x" + height;
  }
}
