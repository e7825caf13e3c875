package org.hrnetbeam.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CrossEntropy2dTest {

  @Test
  void uniformLogitsCostLogOfTheClassCountAndIgnoredPixelsCountNothing() {
    INDArray logits = Nd4j.zeros(DataType.FLOAT, 1, 4, 2, 3);
    INDArray labels = Nd4j.createFromArray(new int[][][]{{{0, 1, 2, 3, 255, 255, 0, 1}}}).reshape(1, 4, 2);
    CrossEntropy2d.Result r = new CrossEntropy2d(255, false, null).compute(logits, labels);
    assertEquals(6, r.validPixels());
    assertEquals(Math.log(4), r.loss(), 1e-6);
  }

  @Test
  void classWeightsGiveTheWeightedMeanAndGradientMatchesFiniteDifferences() {
    Nd4j.getRandom().setSeed(3);
    INDArray logits = Nd4j.randn(DataType.DOUBLE, 2, 3, 3, 5);
    int[] values = new int[2 * 6 * 10];
    for (int i = 0; i < values.length; i++) {
      int v = (i * 7) % 4;
      values[i] = v == 3 ? 255 : v;
    }
    INDArray labels = Nd4j.createFromArray(values).reshape(2, 6, 10);
    double[] weights = {0.5, 1.0, 2.0};
    CrossEntropy2d ce = new CrossEntropy2d(255, true, weights);
    CrossEntropy2d.Result r = ce.compute(logits, labels);
    assertTrue(r.loss() > 0);
    double eps = 1e-3;
    for (int i = 0; i < logits.length(); i += 7) {
      double keep = logits.getDouble(i);
      logits.putScalar(i, keep + eps);
      double plus = ce.compute(logits, labels).loss();
      logits.putScalar(i, keep - eps);
      double minus = ce.compute(logits, labels).loss();
      logits.putScalar(i, keep);
      assertEquals((plus - minus) / (2 * eps), r.logitsGradient().getDouble(i), 2e-5, "d loss / d logits[" + i + "]");
    }
  }

  @Test
  void aLabelOutsideTheClassesNamesItsPosition() {
    INDArray logits = Nd4j.zeros(DataType.FLOAT, 1, 2, 1, 1);
    INDArray labels = Nd4j.createFromArray(new int[]{7}).reshape(1, 1, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CrossEntropy2d(255, false, null).compute(logits, labels));
    assertTrue(e.getMessage().contains("label 7 at sample 0, pixel 0"), e.getMessage());
  }
}
