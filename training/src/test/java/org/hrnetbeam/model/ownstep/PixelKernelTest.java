package org.hrnetbeam.model.ownstep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Vector API pixel kernel gives the scalar kernel's bits on every pass, for channel counts that
 * it vectorises (multiples of 8 and 16) and ones it hands to the scalar loops, with zeros, negative
 * zeros and exact ReLU kinks in the data.
 */
class PixelKernelTest {

  @ParameterizedTest(name = "{0} channels")
  @ValueSource(ints = {64, 16, 8, 3, 18})
  void vectorKernelMatchesScalarBitForBit(int c) {
    PixelKernel vector = PixelKernels.vectorOrNull();
    assumeTrue(vector != null, "JVM without jdk.incubator.vector: only the scalar kernel exists here");
    PixelKernel scalar = new ScalarPixelKernel();
    Random r = new Random(c);
    int pixels = 37;
    int len = pixels * c;
    float[] x = values(r, len);
    float[] residual = values(r, len);
    float[] z = values(r, len);
    float[] shift = values(r, c);
    float[] scale = values(r, c);
    float[] offset = values(r, c);
    double[] mean = new double[c];
    float[] meanF = new float[c];
    for (int ch = 0; ch < c; ch++) {
      mean[ch] = r.nextGaussian();
      meanF[ch] = (float) mean[ch];
    }

    double[] accS = seeded(2 * c);
    double[] accV = seeded(2 * c);
    scalar.shiftedSums(x, len, c, shift, accS);
    vector.shiftedSums(x, len, c, shift, accV);
    assertArrayEquals(accS, accV, 0.0, "shifted sums");

    float[] yS = x.clone();
    float[] yV = x.clone();
    scalar.scaleAddRelu(yS, residual, len, c, scale, offset, true);
    vector.scaleAddRelu(yV, residual, len, c, scale, offset, true);
    assertArrayEquals(yS, yV, 0f, "scale + residual + ReLU");
    float[] y2S = x.clone();
    float[] y2V = x.clone();
    scalar.scaleAddRelu(y2S, null, len, c, scale, offset, true);
    vector.scaleAddRelu(y2V, null, len, c, scale, offset, true);
    assertArrayEquals(y2S, y2V, 0f, "scale + ReLU");
    float[] y3S = x.clone();
    float[] y3V = x.clone();
    scalar.scaleAddRelu(y3S, residual, len, c, scale, offset, false);
    vector.scaleAddRelu(y3V, residual, len, c, scale, offset, false);
    assertArrayEquals(y3S, y3V, 0f, "scale + residual, no ReLU");
    boolean negative = false;
    for (float v : y3S) {
      negative |= v < 0;
    }
    assertTrue(negative, "without ReLU some outputs must stay negative");

    float[] gS = values(r, len);
    float[] gV = gS.clone();
    accS = seeded(2 * c);
    accV = seeded(2 * c);
    scalar.reluBackwardSums(yS, gS, z, len, c, mean, accS);
    vector.reluBackwardSums(yS, gV, z, len, c, mean, accV);
    assertArrayEquals(gS, gV, 0f, "ReLU-masked gradient");
    assertArrayEquals(accS, accV, 0.0, "backward sums");
    float[] hS = values(r, len);
    float[] hV = hS.clone();
    float[] unmasked = hS.clone();
    double[] acc2S = seeded(2 * c);
    double[] acc2V = seeded(2 * c);
    scalar.reluBackwardSums(null, hS, z, len, c, mean, acc2S);
    vector.reluBackwardSums(null, hV, z, len, c, mean, acc2V);
    assertArrayEquals(unmasked, hS, 0f, "without ReLU the gradient passes unchanged");
    assertArrayEquals(hS, hV, 0f, "gradient without ReLU");
    assertArrayEquals(acc2S, acc2V, 0.0, "backward sums without ReLU");

    float[] k = values(r, c);
    float[] slope = values(r, c);
    scalar.batchNormInputGradient(gS, z, len, c, meanF, k, slope, shift);
    vector.batchNormInputGradient(gV, z, len, c, meanF, k, slope, shift);
    assertArrayEquals(gS, gV, 0f, "BN input gradient");
  }

  /** Gaussian values with some exact zeros and negative zeros (ReLU kinks). */
  private static float[] values(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      int kind = r.nextInt(10);
      v[i] = kind == 0 ? 0f : kind == 1 ? -0f : (float) r.nextGaussian();
    }
    return v;
  }

  /** Accumulators that already hold something: the kernels add to them. */
  private static double[] seeded(int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = i * 0.25;
    }
    return a;
  }
}
