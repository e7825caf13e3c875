package org.hrnetbeam.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Known values of PyTorch's bilinear sampling along one axis, both conventions. */
class BilinearWeightsTest {

  @Test
  void doublingWithoutAlignCornersMatchesPytorch() {
    // F.interpolate([[a, b]], size=4, align_corners=False) = [a, .75a+.25b, .25a+.75b, b]
    double[][] m = BilinearWeights.matrix(2, 4, false);
    assertArrayEquals(new double[]{1, 0}, m[0], 1e-12);
    assertArrayEquals(new double[]{0.75, 0.25}, m[1], 1e-12);
    assertArrayEquals(new double[]{0.25, 0.75}, m[2], 1e-12);
    assertArrayEquals(new double[]{0, 1}, m[3], 1e-12);
  }

  @Test
  void alignCornersKeepsTheEndsAndSpacesEvenly() {
    // 3 → 5 with align_corners=True samples 0, .5, 1, 1.5, 2
    double[][] m = BilinearWeights.matrix(3, 5, true);
    assertArrayEquals(new double[]{1, 0, 0}, m[0], 1e-12);
    assertArrayEquals(new double[]{0.5, 0.5, 0}, m[1], 1e-12);
    assertArrayEquals(new double[]{0, 1, 0}, m[2], 1e-12);
    assertArrayEquals(new double[]{0, 0.5, 0.5}, m[3], 1e-12);
    assertArrayEquals(new double[]{0, 0, 1}, m[4], 1e-12);
  }

  @Test
  void oddSizesAsHrnetBranchesProduceThem() {
    // 72×136 input: branch 3×5 up to 18×34 (an HRNet fuse): source of row 17 is (17.5·3/18 − .5) = 2.4167
    double[][] m = BilinearWeights.matrix(3, 18, false);
    assertEquals(1.0, m[0][0], 1e-12);
    assertEquals(1.0, m[17][2], 1e-12); // clamped at the last source row
    double s = (10 + 0.5) * 3 / 18.0 - 0.5;
    assertEquals(1 - (s - 1), m[10][1], 1e-12);
    assertEquals(s - 1, m[10][2], 1e-12);
    for (double[] row : BilinearWeights.matrix(5, 9, true)) {
      double sum = 0;
      for (double v : row) {
        sum += v;
      }
      assertEquals(1.0, sum, 1e-12);
    }
  }

  @Test
  void downscalingWorksToo() {
    // 4 → 2 without align corners samples 0.5 and 2.5
    double[][] m = BilinearWeights.matrix(4, 2, false);
    assertArrayEquals(new double[]{0.5, 0.5, 0, 0}, m[0], 1e-12);
    assertArrayEquals(new double[]{0, 0, 0.5, 0.5}, m[1], 1e-12);
  }
}
