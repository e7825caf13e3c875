package org.hrnetbeam.model.ownstep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.model.HrnetSpec;
import org.hrnetbeam.model.HrnetVariants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * {@link ChannelsLastHead} with W18-small-v1's stage-4 widths (16, 32, 64, 128 → 240, read from
 * {@link HrnetVariants}) and 19 classes, against {@link HeadGraph} in float64 (the model's resize and
 * ReLU vertices, DL4J's merge, conv and BN layers): logits, the running statistics (with a conv bias
 * large enough to move the running mean), the gradients of both weights, both biases, γ and β, and
 * every branch input's gradient (read through identity probes as Σ dx ⊗ x), at a 64×96 image
 * (branches 16×24 … 2×3) and the odd 72×136 one (18×34, 9×17, 5×9, 3×5), both align_corners
 * conventions, FINAL_CONV_KERNEL 1 and 3. Tolerance 1e-5 of each array's largest magnitude, as the
 * other ownstep tests (float32 sums in oneDNN's and our passes' order against float64).
 *
 * <p>{@code last_layer.0}'s bias gradient is Σ dz over the pixels, zero in exact arithmetic because
 * a training-mode BN follows; both sides give rounding noise, so it is checked against
 * 1e-5 × pixels × max |dz| (a float32 sum of that many terms errs by at most about
 * pixels × 6e-8 × max |term|), which a wrong bias gradient (e.g. Σ of BN's output gradient) exceeds.
 */
class ChannelsLastHeadTest {
  private static final int N = 2;
  private static final double MOMENTUM = 0.1;
  private static final double TOLERANCE = 1e-5;

  @ParameterizedTest(name = "image {0}x{1}, align_corners {2}, final kernel {3}")
  @CsvSource({"64, 96, false, 1", "72, 136, true, 1", "72, 136, false, 3"})
  void oneStepMatchesDl4jInFloat64(int imageHeight, int imageWidth, boolean alignCorners, int finalKernel) {
    HrnetSpec w18 = HrnetVariants.spec("w18_small_v1", 19, alignCorners, MOMENTUM);
    HrnetSpec spec = new HrnetSpec(w18.stages(), finalKernel, 19, alignCorners, MOMENTUM);
    ChannelsLastHead head = ChannelsLastHead.of(spec, N, imageHeight, imageWidth);
    head.initialise(7);
    Random random = new Random(imageHeight * 10L + finalKernel + (alignCorners ? 1 : 0));
    Map<String, INDArray> state = new HashMap<>(head.stateDict());
    state.put("last_layer.0.bias", ChannelsLastResizeTest.gaussian(random, 240).muli(0.5));
    float[] gamma = new float[240];
    for (int ch = 0; ch < gamma.length; ch++) {
      gamma[ch] = 0.5f + random.nextFloat();
    }
    state.put("last_layer.1.weight", Nd4j.createFromArray(gamma));
    state.put("last_layer.1.bias", ChannelsLastResizeTest.gaussian(random, 240).muli(0.3));
    head.loadStateDict(state);

    int[] channels = {16, 32, 64, 128};
    int[] heights = new int[4];
    int[] widths = new int[4];
    int h = ChannelsLastHead.halve(ChannelsLastHead.halve(imageHeight));
    int w = ChannelsLastHead.halve(ChannelsLastHead.halve(imageWidth));
    for (int b = 0; b < 4; b++) {
      heights[b] = h;
      widths[b] = w;
      h = ChannelsLastHead.halve(h);
      w = ChannelsLastHead.halve(w);
    }
    ComputationGraph graph = HeadGraph.build(channels, heights, widths, 19, finalKernel, alignCorners, MOMENTUM,
        DataType.DOUBLE, new NoOp(), true, null);
    HeadGraph.copyParameters(head, graph);

    INDArray[] x = new INDArray[4];
    NhwcArray[] xNhwc = new NhwcArray[4];
    for (int b = 0; b < 4; b++) {
      x[b] = ChannelsLastResizeTest.gaussian(random, N, channels[b], heights[b], widths[b]);
      xNhwc[b] = NhwcArray.fromNchw(x[b]);
    }
    INDArray dLogits = ChannelsLastResizeTest.gaussian(random, N, 19, heights[0], widths[0]);
    head.forward(xNhwc);
    head.backward(NhwcArray.fromNchw(dLogits));

    INDArray[] inputs = new INDArray[4];
    for (int b = 0; b < 4; b++) {
      inputs[b] = x[b].castTo(DataType.DOUBLE);
    }
    Map<String, INDArray> acts = graph.feedForward(inputs, true, false);
    assertClose("logits", acts.get("last_layer.3"), head.logits().toNchw());
    INDArray z = acts.get("last_layer.0");
    double count = z.length() / z.size(1);
    Map<String, INDArray> after = head.stateDict();
    assertClose("running mean (bias included)", z.mean(0, 2, 3).mul(MOMENTUM), after.get("last_layer.1.running_mean"));
    assertClose("running variance", z.var(false, 0, 2, 3).muli(count / (count - 1)).mul(MOMENTUM).addi(1 - MOMENTUM),
        after.get("last_layer.1.running_var"));

    graph.setInputs(inputs);
    graph.setLabels(dLogits.castTo(DataType.DOUBLE));
    graph.computeGradientAndScore();
    Gradient g = graph.gradient();
    Map<String, INDArray> ours = head.gradients();
    assertEquals(java.util.List.of("last_layer.0.weight", "last_layer.0.bias", "last_layer.1.weight",
        "last_layer.1.bias", "last_layer.3.weight", "last_layer.3.bias"), java.util.List.copyOf(ours.keySet()));
    assertClose("last_layer.0 dW", g.getGradientFor("last_layer.0_W"), ours.get("last_layer.0.weight"));
    assertClose("last_layer.1 dgamma", g.getGradientFor("last_layer.1_gamma"), ours.get("last_layer.1.weight"));
    assertClose("last_layer.1 dbeta", g.getGradientFor("last_layer.1_beta"), ours.get("last_layer.1.bias"));
    assertClose("last_layer.3 dW", g.getGradientFor("last_layer.3_W"), ours.get("last_layer.3.weight"));
    assertClose("last_layer.3 db", g.getGradientFor("last_layer.3_b"), ours.get("last_layer.3.bias"));
    double dzMax = head.bnInputGradient().toNchw().amaxNumber().doubleValue();
    double bound = TOLERANCE * count * dzMax;
    double oursBias = ours.get("last_layer.0.bias").amaxNumber().doubleValue();
    double theirsBias = g.getGradientFor("last_layer.0_b").amaxNumber().doubleValue();
    System.out.printf("%-36s max |ours| %.2e, max |DL4J| %.2e, bound %.2e (max |dz| %.3g)%n", "last_layer.0 db",
        oursBias, theirsBias, bound, dzMax);
    assertTrue(dzMax > 0, "BN's input gradient is all zeros: the check would be empty");
    assertTrue(oursBias < bound && theirsBias < bound, "last_layer.0 bias gradient above " + bound);
    for (int b = 0; b < 4; b++) {
      assertClose("branch " + b + " gradient ⊗ input", g.getGradientFor("probe" + b + "_W").reshape(channels[b],
          channels[b]), contraction(head.branchGradient(b).toNchw(), x[b]));
    }
  }

  @Test
  void stateDictNamesAndShapesAreTheModelGraphs() {
    HrnetSpec spec = HrnetVariants.spec("w18_small_v1", 19, false, MOMENTUM);
    ComputationGraph model = new ComputationGraph(org.hrnetbeam.model.HrnetGraphBuilder.build(spec));
    model.init();
    Map<String, INDArray> named = org.hrnetbeam.model.ParameterNames.named(model);
    ChannelsLastHead head = ChannelsLastHead.of(spec, 1, 64, 96);
    for (Map.Entry<String, INDArray> e : head.stateDict().entrySet()) {
      INDArray theirs = named.get(e.getKey());
      assertTrue(theirs != null, "the model graph has no parameter named " + e.getKey());
      if (e.getValue().rank() == 1) {
        assertEquals(e.getValue().length(), theirs.length(), e.getKey());
      } else {
        assertEquals(java.util.Arrays.toString(theirs.shape()), java.util.Arrays.toString(e.getValue().shape()),
            e.getKey());
      }
    }
    // The whole network's state_dict goes in; the head takes its own tensors from it.
    head.loadStateDict(named);
    for (Map.Entry<String, INDArray> e : head.stateDict().entrySet()) {
      INDArray theirs = named.get(e.getKey()).castTo(DataType.FLOAT).reshape(e.getValue().shape());
      assertEquals(theirs, e.getValue(), e.getKey());
    }
  }

  @Test
  void sgdMovesEveryParameterAgainstItsGradient() {
    ChannelsLastHead head = new ChannelsLastHead(1, new int[]{4, 8}, new int[]{6, 3}, new int[]{6, 3}, 3, 1, false,
        MOMENTUM);
    head.initialise(3);
    Random random = new Random(5);
    head.forward(NhwcArray.fromNchw(ChannelsLastResizeTest.gaussian(random, 1, 4, 6, 6)),
        NhwcArray.fromNchw(ChannelsLastResizeTest.gaussian(random, 1, 8, 3, 3)));
    head.backward(NhwcArray.fromNchw(ChannelsLastResizeTest.gaussian(random, 1, 3, 6, 6)));
    Map<String, INDArray> before = head.stateDict();
    Map<String, INDArray> gradients = head.gradients();
    head.sgd(0.5f);
    Map<String, INDArray> stepped = head.stateDict();
    for (Map.Entry<String, INDArray> e : gradients.entrySet()) {
      INDArray expected = before.get(e.getKey()).sub(e.getValue().mul(0.5));
      double error = expected.sub(stepped.get(e.getKey())).amaxNumber().doubleValue();
      assertTrue(error < 1e-6, e.getKey() + ": after SGD off by " + error);
    }
    assertEquals(before.get("last_layer.1.running_mean"), stepped.get("last_layer.1.running_mean"));
  }

  @Test
  void refusesMissingStateDictEntriesAndWrongBranchShapes() {
    ChannelsLastHead head = new ChannelsLastHead(1, new int[]{4, 8}, new int[]{6, 3}, new int[]{6, 3}, 3, 1, false,
        MOMENTUM);
    Map<String, INDArray> state = new HashMap<>(head.stateDict());
    state.remove("last_layer.1.running_var");
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> head.loadStateDict(state));
    assertTrue(missing.getMessage().contains("'last_layer.1.running_var'"), missing.getMessage());
    state.put("last_layer.1.running_var", Nd4j.ones(DataType.FLOAT, 12));
    state.put("last_layer.3.weight", Nd4j.zeros(DataType.FLOAT, 3, 12, 3, 3));
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> head.loadStateDict(state));
    assertTrue(shape.getMessage().contains("'last_layer.3.weight' must have shape [3, 12, 1, 1]"), shape.getMessage());
    IllegalArgumentException branch = assertThrows(IllegalArgumentException.class,
        () -> head.forward(head.newBranchShaped(0), head.newBranchShaped(0)));
    assertTrue(branch.getMessage().contains("head branch 1 must be 1x8x3x3"), branch.getMessage());
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
