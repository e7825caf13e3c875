package org.hrnetbeam.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hrnetbeam.metrics.ConfusionMatrix;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.HrnetVariants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The inference geometry driven by the real W18-small-v1 graph (random weights) on small images. */
class ModelInferenceTest {
  private static HrnetModel model;

  @BeforeAll
  static void build() {
    model = HrnetModel.create(HrnetVariants.spec("w18_small_v1", 5, false, 0.1), 3);
  }

  private static Planes randomImage(int h, int w) {
    Random random = new Random(h * 1000 + w);
    int[] rgb = new int[h * w];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = random.nextInt(1 << 24);
    }
    return ImageNormalizer.normalize(rgb, h, w);
  }

  @Test
  void multiScaleFlipAndWindowsRunThroughTheModelAtTheRightSizes() {
    // 48x64, base 64, window 32x48: scale 0.5 whole (24x32), scale 1.5 → 72x96 in 3x2 windows
    InferenceSettings settings = new InferenceSettings(5, 32, 48, 64, List.of(0.5, 1.5), true, false);
    List<long[]> inputs = new ArrayList<>();
    MultiScaleInference inference = new MultiScaleInference(settings, x -> {
      inputs.add(x.shape());
      return model.logits(x);
    });
    Planes scores = inference.scores(randomImage(48, 64));
    assertEquals(2 + 2 * 6, inputs.size(), "one whole run and six windows, each twice for flip");
    assertArrayEquals(new long[] {1, 3, 24, 32}, inputs.get(0));
    for (long[] shape : inputs.subList(2, inputs.size())) {
      assertArrayEquals(new long[] {1, 3, 32, 48}, shape);
    }
    assertEquals(5, scores.channels());
    assertEquals(48, scores.height());
    for (float v : scores.data()) {
      assertTrue(v > 0 && Float.isFinite(v), "a sum of exps is positive and finite here, got " + v);
    }
  }

  @Test
  void validationPredictionsAgreeWithSingleScaleInferenceAtFullSize() {
    Planes image = randomImage(32, 64);
    INDArray logits = model.logits(image.toBatch());
    int[] viaValidation = BatchPredictions.labels(logits, 32, 64, false)[0];
    InferenceSettings settings = new InferenceSettings(5, 32, 64, 64, List.of(1.0), false, false);
    int[] viaInference = new MultiScaleInference(settings, model::logits).predict(image);
    assertArrayEquals(viaValidation, viaInference);
    ConfusionMatrix m = new ConfusionMatrix(5, 255).add(viaInference, viaValidation);
    assertEquals(1.0, m.finish().pixelAccuracy());
  }
}
