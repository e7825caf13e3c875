package org.hrnetbeam.model.onednn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The batch-norm passes over a channels-last input (a conv output from {@link OneDnnConvHelper}) give
 * what the dense NCHW passes give, on planes of several pixel blocks with a partial last one.
 */
class ChannelsLastPassesTest {
  private static final int N = 2;
  private static final int C = 5;
  private static final int H = 17;
  private static final int W = 31;
  private static final double EPS = 1e-5;

  @Test
  void statisticsEqualTheNchwPasses() {
    INDArray x = nchwInput();
    INDArray[] expected = statistics(x);
    INDArray mean = Nd4j.create(DataType.FLOAT, C);
    INDArray var = Nd4j.create(DataType.FLOAT, C);
    ChannelPasses.statisticsChannelsLast(ChannelsLast.alias(channelsLast(x)), mean, var);
    for (int ch = 0; ch < C; ch++) {
      assertEquals(expected[0].getDouble(ch), mean.getDouble(ch), 1e-6 * Math.abs(expected[0].getDouble(ch)) + 1e-7,
          "mean " + ch);
      assertEquals(expected[1].getDouble(ch), var.getDouble(ch), 1e-6 * expected[1].getDouble(ch), "variance " + ch);
    }
  }

  @Test
  void normalisationWritesTheNormalisedInputAsDenseNchw() {
    INDArray x = nchwInput();
    INDArray[] stats = statistics(x);
    INDArray gamma = Nd4j.createFromArray(0.5f, -1.5f, 2f, 1f, 0.25f);
    INDArray beta = Nd4j.createFromArray(0.1f, 0f, -3f, 2f, 1f);
    INDArray out = Nd4j.create(DataType.FLOAT, N, C, H, W);
    ChannelPasses.normaliseToNchw(ChannelsLast.alias(channelsLast(x)), stats[0], stats[1], gamma, beta, EPS, out);
    for (int ch = 0; ch < C; ch++) {
      double scale = gamma.getDouble(ch) / Math.sqrt(stats[1].getDouble(ch) + EPS);
      for (int n = 0; n < N; n++) {
        for (int y = 0; y < H; y += 4) {
          for (int w = 0; w < W; w += 3) {
            double expected = scale * (x.getDouble(n, ch, y, w) - stats[0].getDouble(ch)) + beta.getDouble(ch);
            assertEquals(expected, out.getDouble(n, ch, y, w), 1e-5 * (1 + Math.abs(expected)),
                "out at " + n + "," + ch + "," + y + "," + w);
          }
        }
      }
    }
  }

  @Test
  void backwardEqualsTheNchwPass() {
    INDArray x = nchwInput();
    INDArray[] stats = statistics(x);
    INDArray dy = Nd4j.randn(DataType.FLOAT, N, C, H, W);
    INDArray gamma = Nd4j.createFromArray(0.5f, -1.5f, 2f, 1f, 0.25f);
    INDArray dx = Nd4j.create(DataType.FLOAT, N, C, H, W);
    INDArray dGamma = Nd4j.create(DataType.FLOAT, 1, C);
    INDArray dBeta = Nd4j.create(DataType.FLOAT, 1, C);
    ChannelPasses.backward(x, dy, stats[0], stats[1], gamma, EPS, dx, dGamma, dBeta);

    INDArray dxLast = Nd4j.create(DataType.FLOAT, N, C, H, W);
    INDArray dGammaLast = Nd4j.create(DataType.FLOAT, 1, C);
    INDArray dBetaLast = Nd4j.create(DataType.FLOAT, 1, C);
    ChannelPasses.backwardChannelsLast(ChannelsLast.alias(channelsLast(x)), dy, stats[0], stats[1], gamma, EPS, dxLast,
        dGammaLast, dBetaLast);
    assertArrayEquals(dBeta.toFloatVector(), dBetaLast.toFloatVector(), 1e-4f, "dbeta");
    assertArrayEquals(dGamma.toFloatVector(), dGammaLast.toFloatVector(), 1e-4f, "dgamma");
    float[] expected = dx.data().asFloat();
    float[] actual = dxLast.data().asFloat();
    float scale = (float) dx.amaxNumber().doubleValue();
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5f * scale, "dx at " + i);
    }
  }

  @Test
  void onlyChannelsLastViewsHaveAnAlias() {
    INDArray last = channelsLast(nchwInput());
    INDArray alias = ChannelsLast.alias(last);
    assertNotNull(alias);
    assertArrayEquals(new long[]{N, H, W, C}, alias.shape());
    assertEquals(last.getDouble(1, 3, 4, 5), alias.getDouble(1, 4, 5, 3));
    assertNull(ChannelsLast.alias(nchwInput()), "dense NCHW");
    assertNull(ChannelsLast.alias(last.castTo(DataType.DOUBLE)), "float64 copy");
    assertNull(ChannelsLast.alias(Nd4j.create(DataType.FLOAT, N, H, W, 1).permute(0, 3, 1, 2)), "one channel");
  }

  private static INDArray[] statistics(INDArray x) {
    INDArray mean = Nd4j.create(DataType.FLOAT, C);
    INDArray var = Nd4j.create(DataType.FLOAT, C);
    ChannelPasses.statistics(x, mean, var);
    return new INDArray[]{mean, var};
  }

  /** [N, C, H, W] dense NCHW with channel means far from zero. */
  private static INDArray nchwInput() {
    Nd4j.getRandom().setSeed(5);
    INDArray x = Nd4j.randn(DataType.FLOAT, N, C, H, W);
    for (int ch = 0; ch < C; ch++) {
      x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(ch))
          .addi(20 * ch - 40);
    }
    return x;
  }

  /** The same values in an NCHW-shaped view of NHWC memory, as {@link OneDnnConvHelper} writes them. */
  private static INDArray channelsLast(INDArray nchw) {
    INDArray nhwc = Nd4j.create(DataType.FLOAT, N, H, W, C);
    nhwc.assign(nchw.permute(0, 2, 3, 1));
    return nhwc.permute(0, 3, 1, 2);
  }
}
