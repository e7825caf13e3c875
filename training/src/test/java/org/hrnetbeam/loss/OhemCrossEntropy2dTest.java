package org.hrnetbeam.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * OHEM on four pixels of two classes, logits already at label size (so the upsampling is the
 * identity). True-class probabilities: 0.5, σ(2) = 0.8808, σ(3) = 0.9526, and one ignored pixel.
 */
class OhemCrossEntropy2dTest {
  private static final double LN2 = Math.log(2);
  private static final double L1 = -Math.log(1 / (1 + Math.exp(-2)));

  /** [1, 2, 1, 4]: class-0 logits then class-1 logits per pixel. */
  private static INDArray logits() {
    return Nd4j.create(new float[]{0, 2, 0, 0, /* class 1: */ 0, 0, 3, 0}, new long[]{1, 2, 1, 4});
  }

  private static INDArray labels() {
    return Nd4j.createFromArray(new int[][][]{{{0, 0, 1, 255}}});
  }

  @Test
  void keepsPixelsBelowTheThresholdAndAveragesThemPlainly() {
    CrossEntropy2d.Result r = new OhemCrossEntropy2d(255, false, null, 0.9, 1).compute(logits(), labels());
    // p sorted [0.5, 0.881, 0.953]; p[min(1, 2)] = 0.881 < 0.9, so threshold 0.9: pixels 0 and 1 kept.
    assertEquals(2, r.validPixels());
    assertEquals((LN2 + L1) / 2, r.loss(), 1e-6);
    double[] g = r.logitsGradient().castTo(DataType.DOUBLE).reshape(8).toDoubleVector();
    // Pixel 0: (softmax − onehot) / 2 = (−0.25, 0.25); pixel 2 (easy) and 3 (ignored) get nothing.
    assertEquals(-0.25, g[0], 1e-6);
    assertEquals(0.25, g[4], 1e-6);
    assertArrayEquals(new double[]{0, 0, 0, 0}, new double[]{g[2], g[6], g[3], g[7]}, 0);
  }

  @Test
  void theKeptQuantileRaisesTheThresholdAboveOhemthres() {
    // threshold 0.6, keep 1: p[1] = 0.881 > 0.6, so the threshold is 0.881 and only p < 0.881 stays.
    CrossEntropy2d.Result r = new OhemCrossEntropy2d(255, false, null, 0.6, 1).compute(logits(), labels());
    assertEquals(1, r.validPixels());
    assertEquals(LN2, r.loss(), 1e-6);
    // keep 0 is raised to 1 as in the reference, so it behaves the same.
    assertEquals(LN2, new OhemCrossEntropy2d(255, false, null, 0.6, 0).compute(logits(), labels()).loss(), 1e-6);
  }

  @Test
  void classWeightsScaleEachKeptLossButTheMeanIsPlain() {
    double[] w = {2.0, 1.0};
    double ohem = new OhemCrossEntropy2d(255, false, w, 0.9, 1).compute(logits(), labels()).loss();
    assertEquals((2 * LN2 + 2 * L1) / 2, ohem, 1e-6);
    // Plain weighted cross-entropy divides by the weight sum instead: Σ w·l / Σ w over all valid pixels.
    double l2 = -Math.log(1 / (1 + Math.exp(-3)));
    double ce = new CrossEntropy2d(255, false, w).compute(logits(), labels()).loss();
    assertEquals((2 * LN2 + 2 * L1 + l2) / 5, ce, 1e-6);
  }

  @Test
  void aBatchOfOnlyIgnoredPixelsGivesZero() {
    INDArray ignored = Nd4j.createFromArray(new int[][][]{{{255, 255, 255, 255}}});
    CrossEntropy2d.Result r = new OhemCrossEntropy2d(255, false, null, 0.7, 10).compute(logits(), ignored);
    assertEquals(0.0, r.loss());
    assertEquals(0, r.validPixels());
  }
}
