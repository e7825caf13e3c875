package org.hrnetbeam.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Class names and display colours of a dataset, by class index. Pixels whose class has no colour (the
 * ignore label, anything out of range) are drawn {@link #VOID}, black, as Cityscapes and CamVid draw
 * their void classes.
 *
 * @param name    dataset name the palette belongs to
 * @param classes one name per class index
 * @param colours one packed {@code 0xRRGGBB} per class index
 */
public record Palette(String name, List<String> classes, int[] colours) {
  /** Colour of ignored or unknown labels. */
  public static final int VOID = 0x000000;

  public Palette {
    classes = List.copyOf(classes);
    colours = colours.clone();
    if (classes.size() != colours.length) {
      throw new IllegalArgumentException("palette '" + name + "' has " + classes.size() + " names but "
          + colours.length + " colours");
    }
  }

  public int size() {
    return colours.length;
  }

  /** The colour of class {@code label}, or {@link #VOID} outside {@code [0, size)}. */
  public int colour(int label) {
    return label >= 0 && label < colours.length ? colours[label] : VOID;
  }

  /**
   * The palette for DATASET.DATASET and DATASET.NUM_CLASSES: Cityscapes' 19 trainId colours, CamVid's
   * 11 SegNet colours, otherwise {@link #generic}. A known dataset with another class count also gets
   * the generic palette, because its colours would be misleading.
   */
  public static Palette forDataset(String dataset, int numClasses) {
    String key = dataset.toLowerCase(java.util.Locale.ROOT);
    if (key.equals("cityscapes") && numClasses == 19) {
      return cityscapes();
    }
    if (key.equals("camvid") && numClasses == 11) {
      return camvid();
    }
    return generic(dataset, numClasses);
  }

  /** Cityscapes trainIds 0..18 with the official colours. */
  public static Palette cityscapes() {
    return new Palette("cityscapes", List.of("road", "sidewalk", "building", "wall", "fence", "pole",
        "traffic light", "traffic sign", "vegetation", "terrain", "sky", "person", "rider", "car", "truck", "bus",
        "train", "motorcycle", "bicycle"), new int[] {
          0x804080, 0xF423E8, 0x464646, 0x66669C, 0xBE9999, 0x999999, 0xFAAA1E, 0xDCDC00, 0x6B8E23, 0x98FB98,
          0x4682B4, 0xDC143C, 0xFF0000, 0x00008E, 0x000046, 0x003C64, 0x005064, 0x0000E6, 0x770B20});
  }

  /** CamVid's 11 classes (label values 0..10; 11 is void) with the SegNet tutorial colours. */
  public static Palette camvid() {
    return new Palette("camvid", List.of("sky", "building", "pole", "road", "pavement", "tree", "sign/symbol",
        "fence", "car", "pedestrian", "bicyclist"), new int[] {
          0x808080, 0x800000, 0xC0C080, 0x804080, 0x3C28DE, 0x808000, 0xC08080, 0x404080, 0x400080, 0x404000,
          0x0080C0});
  }

  /**
   * {@code numClasses} well-separated colours for any other dataset: hues stepped by the golden angle,
   * with two alternating brightness levels so neighbouring indices differ; never black, which means void.
   */
  public static Palette generic(String name, int numClasses) {
    if (numClasses < 1) {
      throw new IllegalArgumentException("a palette needs at least 1 class, got " + numClasses);
    }
    List<String> names = new ArrayList<>();
    int[] colours = new int[numClasses];
    for (int c = 0; c < numClasses; c++) {
      names.add("class " + c);
      float hue = (float) ((c * 0.6180339887498949) % 1.0);
      float brightness = c % 2 == 0 ? 0.95f : 0.7f;
      colours[c] = java.awt.Color.HSBtoRGB(hue, 0.75f, brightness) & 0xFFFFFF;
    }
    return new Palette(name, names, colours);
  }
}
