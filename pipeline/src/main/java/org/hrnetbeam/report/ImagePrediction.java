package org.hrnetbeam.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.inference.ImageNormalizer;
import org.hrnetbeam.inference.InferenceSettings;
import org.hrnetbeam.inference.MultiScaleInference;
import org.hrnetbeam.remap.LabelMap;
import org.hrnetbeam.storage.Storage;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code hrnet infer}'s work: one image file in, its prediction out as a PNG, by the config's test
 * settings (TEST.SCALE_LIST, FLIP_TEST, IMAGE_SIZE, BASE_SIZE). The picture is either in the dataset's
 * palette or, like the reference's test output, an 8-bit PNG of dataset label ids (train ids mapped
 * back through the label map).
 */
public final class ImagePrediction {
  private final ExperimentConfig config;
  private final MultiScaleInference inference;

  /** @param forward the network: NCHW normalised image → logits */
  public ImagePrediction(ExperimentConfig config, Function<INDArray, INDArray> forward) {
    this.config = config;
    this.inference = new MultiScaleInference(InferenceSettings.from(config), forward);
  }

  /** Reads an image (PNG, JPEG, BMP, GIF: what {@code javax.imageio} decodes) as RGB. */
  public static BufferedImage readImage(String location) throws IOException {
    Path path = Storage.path(location);
    BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(Storage.readAllBytes(path)));
    if (image == null) {
      throw new IllegalArgumentException(location + " is not an image javax.imageio can decode");
    }
    return image;
  }

  /** Class indices of {@code image}, {@code [H][W]} flattened. */
  public int[] predict(BufferedImage image) {
    int h = image.getHeight();
    int w = image.getWidth();
    int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
    return inference.predict(ImageNormalizer.normalize(rgb, h, w));
  }

  /** The prediction in the palette of DATASET.DATASET. */
  public BufferedImage colour(int[] labels, int height, int width) {
    Palette palette = Palette.forDataset(config.getString("DATASET.DATASET"), config.getInt("DATASET.NUM_CLASSES"));
    return LabelImages.colorize(labels, height, width, palette);
  }

  /** The prediction as dataset label ids through {@code map}'s inverse. */
  public static BufferedImage labelIds(int[] labels, int height, int width, LabelMap map) {
    int[] inverse = new int[map.numClasses()];
    for (int c = 0; c < inverse.length; c++) {
      inverse[c] = map.invert(c);
    }
    return LabelImages.labelIds(labels, height, width, inverse);
  }
}
