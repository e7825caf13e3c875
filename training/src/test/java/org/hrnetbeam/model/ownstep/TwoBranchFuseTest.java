package org.hrnetbeam.model.ownstep;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * {@link TwoBranchFuse} with W18-small-v1's stage-2 widths (16 and 32 channels) at the branch sizes
 * of a 72×136 input (18×34 and 9×17) against {@link TwoBranchFuseGraph} in float64 (DL4J's conv and
 * BN layers, the model's resize, in-place sum and ReLU vertices): both outputs, dW, dγ, dβ of both
 * paths, running statistics, and both input gradients (each the sum over the two paths reading it;
 * read through identity probes). Tolerance 1e-5 of each array's largest magnitude, as the other
 * chain tests, for the same reason (float32 sums in oneDNN's order against float64).
 */
class TwoBranchFuseTest {
  private static final int N = 2;
  private static final int HIGH_C = 16;
  private static final int LOW_C = 32;
  private static final int HIGH_H = 18;
  private static final int HIGH_W = 34;
  private static final int LOW_H = 9;
  private static final int LOW_W = 17;
  private static final double MOMENTUM = 0.1;
  private static final double TOLERANCE = 1e-5;

  @ParameterizedTest(name = "align_corners {0}")
  @CsvSource({"false", "true"})
  void oneStepMatchesDl4jInFloat64(boolean alignCorners) {
    TwoBranchFuse fuse = new TwoBranchFuse(N, HIGH_C, HIGH_H, HIGH_W, LOW_C, LOW_H, LOW_W, alignCorners, MOMENTUM,
        true);
    fuse.initialise(11);
    Random random = new Random(alignCorners ? 41 : 43);
    for (ConvBnReluUnit u : fuse.units()) {
      for (int ch = 0; ch < u.gamma.length; ch++) {
        u.gamma[ch] = 0.5f + random.nextFloat();
        u.beta[ch] = (float) (0.3 * random.nextGaussian());
      }
    }
    ComputationGraph graph = TwoBranchFuseGraph.build(HIGH_C, HIGH_H, HIGH_W, LOW_C, LOW_H, LOW_W, alignCorners,
        MOMENTUM, DataType.DOUBLE, new NoOp(), true);
    TwoBranchFuseGraph.copyParameters(fuse, graph);
    graph.getLayer("probe_high").getParam("W").assign(Nd4j.eye(HIGH_C).reshape(HIGH_C, HIGH_C, 1, 1));
    graph.getLayer("probe_low").getParam("W").assign(Nd4j.eye(LOW_C).reshape(LOW_C, LOW_C, 1, 1));

    INDArray high = ChannelsLastResizeTest.gaussian(random, N, HIGH_C, HIGH_H, HIGH_W);
    INDArray low = ChannelsLastResizeTest.gaussian(random, N, LOW_C, LOW_H, LOW_W);
    INDArray g0 = ChannelsLastResizeTest.gaussian(random, N, HIGH_C, HIGH_H, HIGH_W);
    INDArray g1 = ChannelsLastResizeTest.gaussian(random, N, LOW_C, LOW_H, LOW_W);
    fuse.setInputs(high, low);
    fuse.forward();
    fuse.backward(fuse.highOutputGradient(g0), fuse.lowOutputGradient(g1));

    INDArray[] inputs = {high.castTo(DataType.DOUBLE), low.castTo(DataType.DOUBLE)};
    Map<String, INDArray> acts = graph.feedForward(inputs, true, false);
    assertClose("output 0", acts.get("relu0"), fuse.highOutput());
    assertClose("output 1", acts.get("relu1"), fuse.lowOutput());
    for (ConvBnReluUnit u : fuse.units()) {
      INDArray z = acts.get(u.name);
      double count = z.length() / z.size(1);
      assertClose(u.name + " running mean", z.mean(0, 2, 3).mul(MOMENTUM), Nd4j.createFromArray(u.runningMean));
      assertClose(u.name + " running variance",
          z.var(false, 0, 2, 3).muli(count / (count - 1)).mul(MOMENTUM).addi(1 - MOMENTUM),
          Nd4j.createFromArray(u.runningVariance));
    }

    graph.setInputs(inputs);
    graph.setLabels(g0.castTo(DataType.DOUBLE), g1.castTo(DataType.DOUBLE));
    graph.computeGradientAndScore();
    Gradient g = graph.gradient();
    for (ConvBnReluUnit u : fuse.units()) {
      assertClose(u.name + " dW", g.getGradientFor(u.name + "_W"), u.plainWeightGradient());
      assertClose(u.name + " dgamma", g.getGradientFor(u.name + "_bn_gamma"), Nd4j.createFromArray(u.gammaGradient));
      assertClose(u.name + " dbeta", g.getGradientFor(u.name + "_bn_beta"), Nd4j.createFromArray(u.betaGradient));
    }
    assertClose("high gradient ⊗ high", g.getGradientFor("probe_high_W").reshape(HIGH_C, HIGH_C),
        contraction(fuse.highGradientNchw(), high));
    assertClose("low gradient ⊗ low", g.getGradientFor("probe_low_W").reshape(LOW_C, LOW_C),
        contraction(fuse.lowGradientNchw(), low));
  }

  @Test
  void refusesBranchSizesAStrideTwoConvolutionDoesNotJoin() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TwoBranchFuse(N, HIGH_C, HIGH_H, HIGH_W, LOW_C, 8, LOW_W, false, MOMENTUM, true));
    assertTrue(e.getMessage().contains("9x17") && e.getMessage().contains("8x17"), e.getMessage());
  }

  private static INDArray contraction(INDArray gradient, INDArray input) {
    long c = input.size(1);
    INDArray d = gradient.castTo(DataType.DOUBLE).permute(1, 0, 2, 3).reshape(c, -1);
    INDArray x = input.castTo(DataType.DOUBLE).permute(1, 0, 2, 3).reshape(c, -1);
    return d.mmul(x.transpose());
  }

  private static void assertClose(String what, INDArray expected, INDArray actual) {
    INDArray e = expected.castTo(DataType.DOUBLE).reshape(expected.length());
    INDArray a = actual.castTo(DataType.DOUBLE).reshape(actual.length());
    double scale = e.amaxNumber().doubleValue();
    double error = e.sub(a).amaxNumber().doubleValue() / Math.max(scale, 1e-30);
    System.out.printf("%-30s max |diff| / max |expected| = %.2e (max |expected| %.3g)%n", what, error, scale);
    assertTrue(scale > 0, what + ": expected array is all zeros, the check would be empty");
    assertTrue(error < TOLERANCE, what + ": relative max difference " + error + " above " + TOLERANCE);
  }
}
