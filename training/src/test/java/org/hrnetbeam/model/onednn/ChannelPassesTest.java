package org.hrnetbeam.model.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Batch-norm statistics and backward pass against the textbook formulas in float64, on an input
 * with a large mean (where a one-pass E[x²] − E[x]² would lose digits) that starts at an offset
 * inside a bigger buffer.
 */
class ChannelPassesTest {
  private static final int N = 2;
  private static final int C = 3;
  private static final int H = 5;
  private static final int W = 7;

  @Test
  void statisticsAreTheMeanAndBiasedVarianceOverBatchAndPlane() {
    INDArray x = input();
    INDArray mean = Nd4j.create(DataType.FLOAT, C);
    INDArray var = Nd4j.create(DataType.FLOAT, C);
    ChannelPasses.statistics(x, mean, var);
    INDArray x64 = x.castTo(DataType.DOUBLE);
    for (int ch = 0; ch < C; ch++) {
      INDArray values = x64.get(NDArrayIndex.all(), NDArrayIndex.point(ch)).dup();
      double m = values.meanNumber().doubleValue();
      double v = values.sub(m).muli(values.sub(m)).meanNumber().doubleValue();
      assertEquals(m, mean.getDouble(ch), 1e-6 * Math.abs(m), "mean of channel " + ch);
      assertEquals(v, var.getDouble(ch), 1e-5 * v, "variance of channel " + ch);
    }
  }

  @Test
  void backwardMatchesTheBatchNormGradient() {
    INDArray x = input();
    INDArray dy = Nd4j.randn(DataType.FLOAT, N, C, H, W);
    INDArray gamma = Nd4j.createFromArray(0.5f, -1.5f, 2f);
    INDArray mean = Nd4j.create(DataType.FLOAT, C);
    INDArray var = Nd4j.create(DataType.FLOAT, C);
    ChannelPasses.statistics(x, mean, var);
    INDArray dx = Nd4j.create(DataType.FLOAT, N, C, H, W);
    INDArray dGamma = Nd4j.create(DataType.FLOAT, 1, C);
    INDArray dBeta = Nd4j.create(DataType.FLOAT, 1, C);
    double eps = 1e-5;
    ChannelPasses.backward(x, dy, mean, var, gamma, eps, dx, dGamma, dBeta);

    int count = N * H * W;
    for (int ch = 0; ch < C; ch++) {
      INDArray xc = x.castTo(DataType.DOUBLE).get(NDArrayIndex.all(), NDArrayIndex.point(ch)).dup();
      INDArray dyc = dy.castTo(DataType.DOUBLE).get(NDArrayIndex.all(), NDArrayIndex.point(ch)).dup();
      double m = xc.meanNumber().doubleValue();
      double std = Math.sqrt(xc.sub(m).muli(xc.sub(m)).meanNumber().doubleValue() + eps);
      INDArray xHat = xc.sub(m).divi(std);
      double sumDy = dyc.sumNumber().doubleValue();
      double sumDyXHat = dyc.mul(xHat).sumNumber().doubleValue();
      assertEquals(sumDy, dBeta.getDouble(ch), 1e-5, "dbeta " + ch);
      assertEquals(sumDyXHat, dGamma.getDouble(ch), 1e-4, "dgamma " + ch);
      INDArray expected = dyc.sub(sumDy / count).subi(xHat.mul(sumDyXHat / count)).muli(gamma.getDouble(ch) / std);
      INDArray actual = dx.castTo(DataType.DOUBLE).get(NDArrayIndex.all(), NDArrayIndex.point(ch)).dup();
      double scale = expected.amaxNumber().doubleValue();
      for (long i = 0; i < expected.length(); i++) {
        assertEquals(expected.getDouble(i), actual.getDouble(i), 1e-5 * scale, "dx of channel " + ch + " at " + i);
      }
    }
  }

  @Test
  void onlyDenseFloatNchwArraysFit() {
    assertTrue(ChannelPasses.fits(input()));
    assertFalse(ChannelPasses.fits(input().castTo(DataType.DOUBLE)));
    assertFalse(ChannelPasses.fits(input().permute(0, 1, 3, 2)));
    assertFalse(ChannelPasses.fits(Nd4j.create(DataType.FLOAT, 4, 5)));
  }

  /** [N, C, H, W] with per-channel means of 100, −50, 0, taken from the middle of a bigger array. */
  private static INDArray input() {
    Nd4j.getRandom().setSeed(11);
    INDArray big = Nd4j.randn(DataType.FLOAT, N + 2, C, H, W);
    big.get(NDArrayIndex.all(), NDArrayIndex.point(0)).addi(100);
    big.get(NDArrayIndex.all(), NDArrayIndex.point(1)).muli(3).subi(50);
    INDArray x = big.get(NDArrayIndex.interval(1, 1 + N), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
    assertTrue(x.offset() > 0, "the test input should start inside its buffer");
    return x;
  }
}
