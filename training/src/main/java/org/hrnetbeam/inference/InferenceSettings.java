package org.hrnetbeam.inference;

import java.util.List;
import org.hrnetbeam.config.ExperimentConfig;

/**
 * The test-time settings of the reference's evaluation, read from the config.
 *
 * @param numClasses   DATASET.NUM_CLASSES: channels the forward must return
 * @param windowHeight TEST.IMAGE_SIZE[1]: sliding-window height (also its vertical stride)
 * @param windowWidth  TEST.IMAGE_SIZE[0]: sliding-window width (also its horizontal stride)
 * @param baseSize     TEST.BASE_SIZE: long side of the image at scale 1.0
 * @param scales       TEST.SCALE_LIST: each costs at least one forward (two with flip); above 1.0 it
 *                     costs one per window
 * @param flip         TEST.FLIP_TEST: also run the mirrored image and average logits (doubles the cost)
 * @param alignCorners MODEL.ALIGN_CORNERS: convention of the logit resizes
 */
public record InferenceSettings(int numClasses, int windowHeight, int windowWidth, int baseSize, List<Double> scales,
                boolean flip, boolean alignCorners) {

  public InferenceSettings {
    scales = List.copyOf(scales);
    if (numClasses < 1) {
      throw new IllegalArgumentException("DATASET.NUM_CLASSES must be at least 1, got " + numClasses);
    }
    if (windowHeight < 1 || windowWidth < 1) {
      throw new IllegalArgumentException("TEST.IMAGE_SIZE must be positive [width, height], got [" + windowWidth
          + ", " + windowHeight + "]");
    }
    if (baseSize < 1) {
      throw new IllegalArgumentException("TEST.BASE_SIZE must be at least 1, got " + baseSize);
    }
    if (scales.isEmpty()) {
      throw new IllegalArgumentException("TEST.SCALE_LIST must name at least one scale");
    }
    for (double s : scales) {
      if (!(s > 0) || Double.isInfinite(s)) {
        throw new IllegalArgumentException("TEST.SCALE_LIST values must be positive, got " + s);
      }
    }
  }

  public static InferenceSettings from(ExperimentConfig config) {
    List<Integer> size = config.getIntList("TEST.IMAGE_SIZE");
    if (size.size() != 2) {
      throw new IllegalArgumentException("TEST.IMAGE_SIZE must be [width, height], got " + size);
    }
    return new InferenceSettings(config.getInt("DATASET.NUM_CLASSES"), size.get(1), size.get(0),
        config.getInt("TEST.BASE_SIZE"), config.getDoubleList("TEST.SCALE_LIST"),
        config.getBoolean("TEST.FLIP_TEST"), config.getBoolean("MODEL.ALIGN_CORNERS"));
  }
}
