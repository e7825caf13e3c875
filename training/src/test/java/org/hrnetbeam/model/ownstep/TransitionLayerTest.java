package org.hrnetbeam.model.ownstep;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.model.HrnetVariants;
import org.hrnetbeam.model.StageSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * {@link TransitionLayer} into W18-small-v1's stages 2, 3 and 4 (widths from {@link HrnetVariants}:
 * stage 1's 128-channel output → 16 by a 3×3 conv and a new 32-channel branch; then identities plus a
 * new 64- and 128-channel branch) at the branch sizes of a 72×136 input (18×34, 9×17, 5×9, 3×5) against
 * {@link TransitionGraph} in float64: every output, dW, dγ, dβ and running statistics of every unit,
 * and every input's gradient (read through identity probes; the lowest input's sums its own output's
 * share and the new branch's). Tolerance 1e-5 of each array's largest magnitude, as the other chain
 * tests, for the same reason (float32 sums in oneDNN's order against float64).
 */
class TransitionLayerTest {
  private static final int N = 2;
  private static final int[] HEIGHTS = {18, 9, 5, 3};
  private static final int[] WIDTHS = {34, 17, 9, 5};
  private static final double MOMENTUM = 0.1;
  private static final double TOLERANCE = 1e-5;

  /** The branch widths coming out of W18-small-v1's stage {@code stage}. */
  private static int[] widthsOfStage(int stage) {
    StageSpec s = HrnetVariants.spec("w18_small_v1", 19, false, MOMENTUM).stages().get(stage - 1);
    int[] w = new int[s.numBranches()];
    for (int b = 0; b < w.length; b++) {
      w[b] = s.outputChannels(b);
    }
    return w;
  }

  @ParameterizedTest(name = "into stage {0}")
  @ValueSource(ints = {2, 3, 4})
  void oneStepMatchesDl4jInFloat64(int stage) {
    int[] channels = widthsOfStage(stage - 1);
    int[] next = widthsOfStage(stage);
    int p = channels.length;
    int[] heights = java.util.Arrays.copyOf(HEIGHTS, p);
    int[] widths = java.util.Arrays.copyOf(WIDTHS, p);
    TransitionLayer layer = new TransitionLayer(N, channels, heights, widths, next, MOMENTUM, true);
    layer.initialise(17);
    Random random = new Random(stage * 7 + 3);
    for (ConvBnReluUnit u : layer.units()) {
      for (int ch = 0; ch < u.gamma.length; ch++) {
        u.gamma[ch] = 0.5f + random.nextFloat();
        u.beta[ch] = (float) (0.3 * random.nextGaussian());
      }
    }
    // Stage 2: the width change 128 → 16 and the new branch; stages 3 and 4: only the new branch.
    assertTrue(layer.units().size() == (stage == 2 ? 2 : 1), "units: " + layer.units().size());
    ComputationGraph graph = TransitionGraph.build(channels, heights, widths, next, MOMENTUM, DataType.DOUBLE,
        new NoOp(), true);
    TransitionGraph.copyParameters(layer, graph);
    INDArray[] x = new INDArray[p];
    INDArray[] inputs = new INDArray[p];
    for (int b = 0; b < p; b++) {
      graph.getLayer("probe" + b).getParam("W").assign(Nd4j.eye(channels[b]).reshape(channels[b], channels[b], 1, 1));
      x[b] = ChannelsLastResizeTest.gaussian(random, N, channels[b], HEIGHTS[b], WIDTHS[b]);
      inputs[b] = x[b].castTo(DataType.DOUBLE);
      layer.setInput(b, x[b]);
    }
    INDArray[] labels = new INDArray[next.length];
    NhwcArray[] dOut = new NhwcArray[next.length];
    for (int i = 0; i < next.length; i++) {
      dOut[i] = layer.outputGradient(i, ChannelsLastResizeTest.gaussian(random, N, next[i], HEIGHTS[i], WIDTHS[i]));
      labels[i] = dOut[i].toNchw().castTo(DataType.DOUBLE);
    }
    layer.forward();
    layer.backward(dOut);

    Map<String, INDArray> acts = graph.feedForward(inputs, true, false);
    for (int i = 0; i < next.length; i++) {
      String name = graph.getConfiguration().getVertexInputs().get("loss" + i).get(0);
      assertClose("output " + i, acts.get(name), layer.outputNchw(i));
    }
    for (ConvBnReluUnit u : layer.units()) {
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
    for (ConvBnReluUnit u : layer.units()) {
      assertClose(u.name + " dW", g.getGradientFor(u.name + "_W"), u.plainWeightGradient());
      assertClose(u.name + " dgamma", g.getGradientFor(u.name + "_bn_gamma"), Nd4j.createFromArray(u.gammaGradient));
      assertClose(u.name + " dbeta", g.getGradientFor(u.name + "_bn_beta"), Nd4j.createFromArray(u.betaGradient));
    }
    for (int b = 0; b < p; b++) {
      assertClose("input " + b + " gradient ⊗ input", g.getGradientFor("probe" + b + "_W").reshape(channels[b],
          channels[b]), contraction(layer.inputGradientNchw(b), x[b]));
    }
  }

  @Test
  void refusesFewerNextBranchesThanPrevious() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TransitionLayer(N, new int[]{16, 32}, new int[]{18, 9}, new int[]{34, 17}, new int[]{16}, MOMENTUM,
            true));
    assertTrue(e.getMessage().contains("next [16]"), e.getMessage());
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
