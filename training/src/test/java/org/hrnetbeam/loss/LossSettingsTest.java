package org.hrnetbeam.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.weights.Npy;
import org.hrnetbeam.weights.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Which class weights and criterion a config picks, and the Cityscapes weights on the parity fixture. */
class LossSettingsTest {
  private static ExperimentConfig config(String... overrides) {
    return ExperimentConfig.defaults().withOverrides(List.of(overrides));
  }

  @Test
  void referenceWeightsApplyToCityscapesOnly() {
    assertArrayEquals(LossSettings.CITYSCAPES_WEIGHTS, LossSettings.from(config(), null).classWeights());
    assertNull(LossSettings.from(config("DATASET.DATASET", "camvid", "DATASET.NUM_CLASSES", "11"), null).classWeights());
    assertNull(LossSettings.from(config("PIPELINE.CLASS_WEIGHTS", "none"), null).classWeights());
  }

  @Test
  void ohemIsChosenByUseOhem() {
    SegmentationCriterion c = LossSettings.from(config("LOSS.USE_OHEM", "true"), null).criterion();
    assertTrue(c instanceof OhemCrossEntropy2d, c.getClass().getName());
    assertTrue(LossSettings.from(config(), null).criterion() instanceof CrossEntropy2d);
  }

  @Test
  void weightCountMustMatchTheClassCount() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LossSettings.from(config("DATASET.NUM_CLASSES", "11"), null));
    assertTrue(e.getMessage().contains("19 weights") && e.getMessage().contains("NUM_CLASSES = 11"), e.getMessage());
  }

  @Test
  void balanceWeightsOtherThanOneForTheSingleOutputAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LossSettings.from(config("LOSS.BALANCE_WEIGHTS", "[0.4, 1]"), null));
    assertTrue(e.getMessage().contains("LOSS.BALANCE_WEIGHTS [0.4, 1.0]"), e.getMessage());
  }

  @Test
  void cityscapesWeightsGiveTheReferenceLossOnTheParityFixture() throws IOException {
    Path fixture = fixture();
    Tensor l = Npy.read(fixture.resolve("train_logits_2x19x16x32.npy"));
    INDArray logits = Nd4j.create(l.doubles(), l.shape(), 'c').castTo(DataType.FLOAT);
    Tensor y = Npy.read(fixture.resolve("train_labels_2x64x128_int64.npy"));
    INDArray labels = Nd4j.create(y.longs(), y.shape(), DataType.LONG);
    double loss = new CrossEntropy2d(255, false, LossSettings.CITYSCAPES_WEIGHTS).compute(logits, labels).loss();
    assertEquals(3.3177244663238525, loss, 2e-6);
  }

  private static Path fixture() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared").resolve("fixtures").resolve("hrnet-parity");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    Assumptions.assumeTrue(false, "shared/fixtures/hrnet-parity not found above the working directory; skipping");
    return null;
  }
}
