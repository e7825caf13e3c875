package org.hrnetbeam.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.hrnetbeam.imageio.PngWriter;
import org.hrnetbeam.storage.Storage;

/**
 * Writes a synthetic street-scene dataset in the official Cityscapes folder layout, so that
 * {@code PIPELINE.LAYOUT cityscapes} with the {@code cityscapes} label map reads it like the real
 * thing:
 * <pre>
 *   leftImg8bit/{train,val}/&lt;city&gt;/&lt;city&gt;_&lt;seq&gt;_000019_leftImg8bit.png
 *   gtFine/{train,val}/&lt;city&gt;/&lt;city&gt;_&lt;seq&gt;_000019_gtFine_labelIds.png
 * </pre>
 * plus {@value #SIGNATURE_FILE}, which names the seed and sizes. Each frame is a pure function of
 * (seed, split, index), so the same seed gives the same bytes, and a root whose signature matches
 * is left as it is.
 */
public final class SyntheticStreets {
  /** The file at the root that records what was generated there. */
  public static final String SIGNATURE_FILE = "synthetic-streets.txt";
  static final String[] TRAIN_CITIES = {"demotown", "demoburg"};
  static final String[] VAL_CITIES = {"demoville"};

  /**
   * @param generated frames written now (0 when the root already held this dataset)
   * @param root the dataset root
   */
  public record Outcome(int generated, Path root) {}

  private SyntheticStreets() {}

  /** Writes {@code dataset} under {@code root} unless the root already holds exactly it. */
  public static Outcome write(Path root, DemoDataset dataset) throws IOException {
    if (holds(root, dataset)) {
      return new Outcome(0, root);
    }
    PngWriter png = new PngWriter(6);
    writeSplit(root, "train", TRAIN_CITIES, 1, dataset.trainImages(), dataset, png);
    writeSplit(root, "val", VAL_CITIES, 2, dataset.valImages(), dataset, png);
    // The signature goes last: a run cut short is regenerated next time instead of being trusted.
    Storage.writeString(root.resolve(SIGNATURE_FILE), dataset.signature() + "\n");
    return new Outcome(dataset.trainImages() + dataset.valImages(), root);
  }

  /** Whether {@code root} holds a complete copy of {@code dataset}. */
  public static boolean holds(Path root, DemoDataset dataset) throws IOException {
    try {
      String recorded = new String(Files.readAllBytes(root.resolve(SIGNATURE_FILE)), StandardCharsets.UTF_8).strip();
      return recorded.equals(dataset.signature());
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /** The seed of one frame, mixed so that neighbouring indices give unrelated scenes. */
  static long frameSeed(long seed, int split, int index) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + split * 1_000_003L + index).nextLong();
  }

  private static void writeSplit(Path root, String split, String[] cities, int splitSalt, int count,
      DemoDataset dataset, PngWriter png) throws IOException {
    for (int i = 0; i < count; i++) {
      String city = cities[i % cities.length];
      String stem = String.format("%s_%06d_000019", city, i);
      StreetScene.Rendered scene = StreetScene.render(frameSeed(dataset.seed(), splitSalt, i), dataset.width(),
          dataset.height());
      Path image = root.resolve("leftImg8bit").resolve(split).resolve(city).resolve(stem + "_leftImg8bit.png");
      Path label = root.resolve("gtFine").resolve(split).resolve(city).resolve(stem + "_gtFine_labelIds.png");
      Files.createDirectories(image.getParent());
      Files.createDirectories(label.getParent());
      Storage.writeAtomically(image, png.encode(scene.image()));
      Storage.writeAtomically(label, png.encode(scene.labels()));
    }
  }
}
