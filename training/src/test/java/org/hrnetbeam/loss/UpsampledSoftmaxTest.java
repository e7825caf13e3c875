package org.hrnetbeam.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.hrnetbeam.model.BilinearResize;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one-pass criterion against the loss written out step by step in float64: the model's
 * matrix-product resize to the label size, log-softmax per pixel, the weighted mean over valid
 * pixels, and the gradient taken back through the resize's transpose. Odd sizes, shrinking and
 * both conventions, with class weights and ignored pixels.
 */
class UpsampledSoftmaxTest {

  @ParameterizedTest
  @CsvSource({"3, 5, 7, 18, 34, false", "3, 5, 7, 18, 34, true", "2, 4, 6, 16, 24, false", "1, 9, 7, 5, 4, true",
      "2, 6, 6, 6, 6, false"})
  void lossAndGradientEqualTheStepByStepDefinition(int classes, int h, int w, int outH, int outW, boolean align) {
    Random random = new Random(classes * 100 + outH);
    int n = 2;
    INDArray logits = Nd4j.zeros(DataType.DOUBLE, n, classes, h, w);
    for (long i = 0; i < logits.length(); i++) {
      logits.putScalar(i, 4 * random.nextGaussian());
    }
    int[] y = new int[n * outH * outW];
    for (int i = 0; i < y.length; i++) {
      y[i] = random.nextInt(5) == 0 ? 255 : random.nextInt(classes);
    }
    INDArray labels = Nd4j.createFromArray(y).reshape(n, outH, outW);
    double[] weights = new double[classes];
    for (int k = 0; k < classes; k++) {
      weights[k] = 0.5 + random.nextDouble();
    }

    CrossEntropy2d.Result fast = new CrossEntropy2d(255, align, weights).compute(logits, labels);

    INDArray up = BilinearResize.resize(logits, outH, outW, align);
    INDArray gradUp = Nd4j.zeros(DataType.DOUBLE, n, classes, outH, outW);
    double lossSum = 0;
    double weightSum = 0;
    for (int b = 0; b < n; b++) {
      for (int r = 0; r < outH; r++) {
        for (int x = 0; x < outW; x++) {
          int label = y[(b * outH + r) * outW + x];
          if (label == 255) {
            continue;
          }
          double max = Double.NEGATIVE_INFINITY;
          for (int k = 0; k < classes; k++) {
            max = Math.max(max, up.getDouble(b, k, r, x));
          }
          double sum = 0;
          for (int k = 0; k < classes; k++) {
            sum += Math.exp(up.getDouble(b, k, r, x) - max);
          }
          double wy = weights[label];
          lossSum -= wy * (up.getDouble(b, label, r, x) - max - Math.log(sum));
          weightSum += wy;
          for (int k = 0; k < classes; k++) {
            double p = Math.exp(up.getDouble(b, k, r, x) - max) / sum;
            gradUp.putScalar(new long[]{b, k, r, x}, wy * (p - (k == label ? 1 : 0)));
          }
        }
      }
    }
    INDArray expected = BilinearResize.backward(gradUp.divi(weightSum), h, w, align);

    assertEquals(lossSum / weightSum, fast.loss(), 2e-6 * Math.abs(lossSum / weightSum));
    double scale = expected.amaxNumber().doubleValue();
    for (long i = 0; i < expected.length(); i++) {
      assertEquals(expected.getDouble(i), fast.logitsGradient().getDouble(i), 2e-6 * scale, "gradient at " + i);
    }
  }
}
