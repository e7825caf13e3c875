package org.hrnetbeam.model.ownstep;

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
 * {@link FuseLayer} with W18-small-v1's stage-3 widths (read from {@link HrnetVariants}: 16, 32, 64)
 * at the branch sizes of a 72×136 input (18×34, 9×17, 5×9), and with stage 2's two branches, against {@link FuseLayerGraph} in
 * float64 (DL4J's conv and BN layers, the model's resize, in-place sum and ReLU vertices): all three
 * outputs, dW, dγ, dβ and running statistics of all seven units (two for stage 2) (including the two-step chain from
 * branch 0 to branch 2 with its inner ReLU), and every input's gradient (read through identity
 * probes). Tolerance 1e-5 of each array's largest magnitude, as the other chain tests, for the same
 * reason (float32 sums in oneDNN's order against float64).
 */
class FuseLayerTest {
  private static final int N = 2;
  private static final int[] HEIGHTS = {18, 9, 5};
  private static final int[] WIDTHS = {34, 17, 9};
  private static final double MOMENTUM = 0.1;
  private static final double TOLERANCE = 1e-5;

  @SuppressWarnings("unchecked")
  private static int[] stageChannels(int stage) {
    Map<String, Object> spec = (Map<String, Object>) HrnetVariants.extra("w18_small_v1").get("STAGE" + stage);
    return ((List<Integer>) spec.get("NUM_CHANNELS")).stream().mapToInt(Integer::intValue).toArray();
  }

  @ParameterizedTest(name = "stage {0}, align_corners {1}")
  @CsvSource({"3, false", "3, true", "2, false", "2, true"})
  void oneStepMatchesDl4jInFloat64(int stage, boolean alignCorners) {
    int[] channels = stageChannels(stage);
    int n = channels.length;
    int[] heights = java.util.Arrays.copyOf(HEIGHTS, n);
    int[] widths = java.util.Arrays.copyOf(WIDTHS, n);
    FuseLayer fuse = new FuseLayer(N, channels, heights, widths, alignCorners, MOMENTUM, true);
    fuse.initialise(13);
    Random random = new Random(stage * 100 + (alignCorners ? 51 : 53));
    for (ConvBnReluUnit u : fuse.units()) {
      for (int ch = 0; ch < u.gamma.length; ch++) {
        u.gamma[ch] = 0.5f + random.nextFloat();
        u.beta[ch] = (float) (0.3 * random.nextGaussian());
      }
    }
    // n(n-1)/2 up paths, and down chains of 1, ..., n-1 steps for each output: 2 units for 2 branches, 7 for 3.
    assertTrue(fuse.units().size() == (n == 2 ? 2 : 7), "units: " + fuse.units().size());
    ComputationGraph graph = FuseLayerGraph.build(channels, heights, widths, alignCorners, MOMENTUM,
        DataType.DOUBLE, new NoOp(), true);
    FuseLayerGraph.copyParameters(fuse, graph);
    INDArray[] x = new INDArray[n];
    INDArray[] dOut = new INDArray[n];
    NhwcArray[] dOutNhwc = new NhwcArray[n];
    for (int b = 0; b < n; b++) {
      graph.getLayer("probe" + b).getParam("W").assign(Nd4j.eye(channels[b]).reshape(channels[b], channels[b], 1, 1));
      x[b] = ChannelsLastResizeTest.gaussian(random, N, channels[b], HEIGHTS[b], WIDTHS[b]);
      dOut[b] = ChannelsLastResizeTest.gaussian(random, N, channels[b], HEIGHTS[b], WIDTHS[b]);
      fuse.setInput(b, x[b]);
      dOutNhwc[b] = fuse.outputGradient(b, dOut[b]);
    }
    fuse.forward();
    fuse.backward(dOutNhwc);

    INDArray[] inputs = new INDArray[n];
    INDArray[] labels = new INDArray[n];
    for (int b = 0; b < n; b++) {
      inputs[b] = x[b].castTo(DataType.DOUBLE);
      labels[b] = dOut[b].castTo(DataType.DOUBLE);
    }
    Map<String, INDArray> acts = graph.feedForward(inputs, true, false);
    for (int b = 0; b < n; b++) {
      assertClose("output " + b, acts.get("relu" + b), fuse.output(b));
    }
    for (ConvBnReluUnit u : fuse.units()) {
      INDArray z = acts.get(u.name);
      double count = z.length() / z.size(1);
      assertClose(u.name + " running mean", z.mean(0, 2, 3).mul(MOMENTUM), Nd4j.createFromArray(u.runningMean));
      assertClose(u.name + " running variance",
          z.var(false, 0, 2, 3).muli(count / (count - 1)).mul(MOMENTUM).addi(1 - MOMENTUM),
          Nd4j.createFromArray(u.runningVariance));
    }

    graph.setInputs(inputs);
    graph.setLabels(labels);
    graph.computeGradientAndScore();
    Gradient g = graph.gradient();
    for (ConvBnReluUnit u : fuse.units()) {
      assertClose(u.name + " dW", g.getGradientFor(u.name + "_W"), u.plainWeightGradient());
      assertClose(u.name + " dgamma", g.getGradientFor(u.name + "_bn_gamma"), Nd4j.createFromArray(u.gammaGradient));
      assertClose(u.name + " dbeta", g.getGradientFor(u.name + "_bn_beta"), Nd4j.createFromArray(u.betaGradient));
    }
    for (int b = 0; b < n; b++) {
      assertClose("input " + b + " gradient ⊗ input", g.getGradientFor("probe" + b + "_W").reshape(channels[b],
          channels[b]), contraction(fuse.inputGradientNchw(b), x[b]));
    }
  }

  @Test
  void refusesBranchSizesStrideTwoConvolutionsDoNotJoin() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new FuseLayer(N, stageChannels(3), HEIGHTS, new int[]{34, 17, 8}, false, MOMENTUM, true));
    assertTrue(e.getMessage().contains("5x9") && e.getMessage().contains("5x8"), e.getMessage());
  }

  @Test
  void refusesTheWrongNumberOfOutputGradients() {
    FuseLayer fuse = new FuseLayer(1, new int[]{4, 8}, new int[]{6, 3}, new int[]{6, 3}, false, MOMENTUM, true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> fuse.backward(fuse.outputGradient(0, Nd4j.zeros(DataType.FLOAT, 1, 4, 6, 6))));
    assertTrue(e.getMessage().contains("needs 2 output gradients, got 1"), e.getMessage());
  }

  private static INDArray contraction(INDArray gradient, INDArray input) {
    long c = input.size(1);
    INDArray d = gradient.castTo(DataType.DOUBLE).permute(1, 0, 2, 3).reshape(c, -1);
    INDArray in = input.castTo(DataType.DOUBLE).permute(1, 0, 2, 3).reshape(c, -1);
    return d.mmul(in.transpose());
  }

  private static void assertClose(String what, INDArray expected, INDArray actual) {
    INDArray e = expected.castTo(DataType.DOUBLE).reshape(expected.length());
    INDArray a = actual.castTo(DataType.DOUBLE).reshape(actual.length());
    double scale = e.amaxNumber().doubleValue();
    double error = e.sub(a).amaxNumber().doubleValue() / Math.max(scale, 1e-30);
    System.out.printf("%-36s max |diff| / max |expected| = %.2e (max |expected| %.3g)%n", what, error, scale);
    assertTrue(scale > 0, what + ": expected array is all zeros, the check would be empty");
    assertTrue(error < TOLERANCE, what + ": relative max difference " + error + " above " + TOLERANCE);
  }
}
