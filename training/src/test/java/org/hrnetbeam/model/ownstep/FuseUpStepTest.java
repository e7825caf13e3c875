package org.hrnetbeam.model.ownstep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.model.HrnetVariants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * {@link FuseUpStep} with W18-small-v1's stage-2 widths (low 32 → high 16 channels) at the branch
 * sizes of a 72×136 input (high 18×34, low 9×17: odd, so the resize's borders matter) against
 * {@link FuseGraph} in float64 (DL4J's layers, the model's resize vertex, NCHW; the sum and ReLU
 * as DL4J's layers or as the model's in-place vertices): output, dW, dγ, dβ, running statistics, and
 * both input gradients (through identity probes, see FuseGraph).
 *
 * <p>Tolerance 1e-5 of each array's largest magnitude, as the other chain tests: the step is float32
 * (oneDNN's sums of 32 products in its own order, float32 values between the passes, the resize's
 * float32 taps), about 6e-8 relative per rounding; an index, sign or missing term errs by order 1.
 */
class FuseUpStepTest {
  private static final int N = 2;
  private static final int HIGH_H = 18;
  private static final int HIGH_W = 34;
  private static final int LOW_H = 9;
  private static final int LOW_W = 17;
  private static final double MOMENTUM = 0.1;
  private static final double TOLERANCE = 1e-5;

  @ParameterizedTest(name = "align_corners {0}, the model's in-place vertices {1}")
  @CsvSource({"false,false", "true,false", "false,true", "true,true"})
  void oneStepMatchesDl4jLayersInFloat64(boolean alignCorners, boolean modelVertices) {
    List<Integer> widths = HrnetVariants.spec("w18_small_v1", 19, false, MOMENTUM).stages().get(1).numChannels();
    int highC = widths.get(0);
    int lowC = widths.get(1);
    assertEquals(List.of(16, 32), widths, "W18-small-v1's stage-2 widths");
    FuseUpStep step = new FuseUpStep(N, highC, HIGH_H, HIGH_W, lowC, LOW_H, LOW_W, alignCorners, MOMENTUM, true);
    step.initialise(7);
    Random random = new Random(alignCorners ? 19 : 23);
    ConvBnReluUnit u = step.units().get(0);
    for (int ch = 0; ch < u.gamma.length; ch++) {
      u.gamma[ch] = 0.5f + random.nextFloat();
      u.beta[ch] = (float) (0.3 * random.nextGaussian());
    }
    ComputationGraph graph = FuseGraph.build(highC, HIGH_H, HIGH_W, lowC, LOW_H, LOW_W, alignCorners, MOMENTUM,
        DataType.DOUBLE, new NoOp(), modelVertices, true);
    FuseGraph.copyParameters(step, graph);
    graph.getLayer("probe_high").getParam("W").assign(Nd4j.eye(highC).reshape(highC, highC, 1, 1));
    graph.getLayer("probe_low").getParam("W").assign(Nd4j.eye(lowC).reshape(lowC, lowC, 1, 1));

    INDArray high = ChannelsLastResizeTest.gaussian(random, N, highC, HIGH_H, HIGH_W);
    INDArray low = ChannelsLastResizeTest.gaussian(random, N, lowC, LOW_H, LOW_W);
    INDArray upstream = ChannelsLastResizeTest.gaussian(random, N, highC, HIGH_H, HIGH_W);
    step.setInputs(high, low);
    step.forward();
    step.backward(step.outputGradient(upstream));

    INDArray[] inputs = {high.castTo(DataType.DOUBLE), low.castTo(DataType.DOUBLE)};
    Map<String, INDArray> acts = graph.feedForward(inputs, true, false);
    assertClose("output", acts.get("relu"), step.output());
    INDArray z = acts.get("fuse");
    double count = z.length() / z.size(1);
    assertClose("running mean", z.mean(0, 2, 3).mul(MOMENTUM), Nd4j.createFromArray(u.runningMean));
    assertClose("running variance", z.var(false, 0, 2, 3).muli(count / (count - 1)).mul(MOMENTUM).addi(1 - MOMENTUM),
        Nd4j.createFromArray(u.runningVariance));

    graph.setInputs(inputs);
    graph.setLabels(upstream.castTo(DataType.DOUBLE));
    graph.computeGradientAndScore();
    Gradient g = graph.gradient();
    assertClose("fuse dW", g.getGradientFor("fuse_W"), u.plainWeightGradient());
    assertClose("fuse dgamma", g.getGradientFor("fuse_bn_gamma"), Nd4j.createFromArray(u.gammaGradient));
    assertClose("fuse dbeta", g.getGradientFor("fuse_bn_beta"), Nd4j.createFromArray(u.betaGradient));
    assertClose("high gradient ⊗ high", g.getGradientFor("probe_high_W").reshape(highC, highC),
        contraction(step.highGradientNchw(), high));
    assertClose("low gradient ⊗ low", g.getGradientFor("probe_low_W").reshape(lowC, lowC),
        contraction(step.lowGradientNchw(), low));
  }

  @Test
  void sgdStepMovesTheOutput() {
    FuseUpStep step = new FuseUpStep(N, 16, HIGH_H, HIGH_W, 32, LOW_H, LOW_W, false, MOMENTUM, true);
    step.initialise(5);
    Random random = new Random(17);
    step.setInputs(ChannelsLastResizeTest.gaussian(random, N, 16, HIGH_H, HIGH_W),
        ChannelsLastResizeTest.gaussian(random, N, 32, LOW_H, LOW_W));
    NhwcArray grad = step.outputGradient(ChannelsLastResizeTest.gaussian(random, N, 16, HIGH_H, HIGH_W));
    step.forward();
    INDArray before = step.output();
    step.backward(grad);
    step.sgd(0.05f);
    step.forward();
    double change = step.output().sub(before).norm2Number().doubleValue() / before.norm2Number().doubleValue();
    assertTrue(change > 1e-3, "the output did not move after an SGD step: relative change " + change);
  }

  @Test
  void refusesALowBranchOfAnotherShape() {
    FuseUpStep step = new FuseUpStep(N, 16, HIGH_H, HIGH_W, 32, LOW_H, LOW_W, false, MOMENTUM, true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> step.setInputs(Nd4j.zeros(DataType.FLOAT, N, 16, HIGH_H, HIGH_W), Nd4j.zeros(DataType.FLOAT, N, 32, 9, 18)));
    assertTrue(e.getMessage().contains("low branch") && e.getMessage().contains("[2, 32, 9, 18]"), e.getMessage());
  }

  /** Σ over pixels of gradient[o]·input[i], as an identity probe's weight gradient [o, i]. */
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
