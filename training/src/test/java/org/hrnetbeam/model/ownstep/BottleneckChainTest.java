package org.hrnetbeam.model.ownstep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.model.HrnetVariants;
import org.hrnetbeam.model.StageSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * {@link BottleneckChain} with W18-small-v1's stage-1 widths against the same layers in DL4J in
 * float64 (NCHW, no oneDNN): the output, every weight / γ / β gradient, the running statistics and
 * the gradient of the block's input; once with the downsample path (64 input channels, as after
 * the stem) and once with the identity (input already planes × 4 wide).
 *
 * <p>Tolerance 1e-5 of each array's largest magnitude, as {@code StemAndBlockChainTest} and for the
 * same reason: the chain is float32 (oneDNN's sums of 32 to 288 products per output in its own
 * order, float32 values between layers), about 6e-8 relative per rounding, over three layers
 * forward and back; an index, sign or missing term errs by order 1.
 */
class BottleneckChainTest {
  private static final int N = 2;
  private static final int H = 12;
  private static final int W = 20;
  private static final double MOMENTUM = 0.1;
  private static final double TOLERANCE = 1e-5;

  @ParameterizedTest(name = "input channels {0}")
  @ValueSource(ints = {64, 128})
  void oneStepMatchesDl4jLayersInFloat64(int inChannels) {
    StageSpec stage1 = HrnetVariants.spec("w18_small_v1", 19, false, MOMENTUM).stages().get(0);
    int planes = stage1.numChannels().get(0);
    int expansion = stage1.block().expansion();
    assertEquals(32, planes, "W18-small-v1's stage-1 planes");
    BottleneckChain chain = new BottleneckChain(N, inChannels, H, W, planes, expansion, MOMENTUM, true);
    assertEquals(inChannels != planes * expansion, chain.hasDownsample());
    chain.initialise(5);
    Random random = new Random(13);
    for (ConvBnReluUnit u : chain.units()) {
      for (int ch = 0; ch < u.gamma.length; ch++) {
        u.gamma[ch] = 0.5f + random.nextFloat();
        u.beta[ch] = (float) (0.3 * random.nextGaussian());
      }
    }
    ComputationGraph graph = BottleneckGraph.build(inChannels, H, W, planes, expansion, MOMENTUM, DataType.DOUBLE,
        new NoOp(), true);
    BottleneckGraph.copyParameters(chain, graph);
    graph.getLayer("probe").getParam("W").assign(Nd4j.eye(inChannels).reshape(inChannels, inChannels, 1, 1));

    INDArray input = gaussian(random, N, inChannels, H, W);
    INDArray upstream = gaussian(random, N, planes * expansion, H, W);
    chain.setInput(input);
    chain.forward();
    chain.backward(chain.outputGradient(upstream));

    Map<String, INDArray> acts = graph.feedForward(new INDArray[]{input.castTo(DataType.DOUBLE)}, true, false);
    assertClose("output", acts.get("relu"), chain.output());
    for (ConvBnReluUnit u : chain.units()) {
      INDArray z = acts.get(u.name);
      double count = z.length() / z.size(1);
      INDArray expectedMean = z.mean(0, 2, 3).mul(MOMENTUM);
      INDArray expectedVar = z.var(false, 0, 2, 3).muli(count / (count - 1)).mul(MOMENTUM).addi(1 - MOMENTUM);
      assertClose(u.name + " running mean", expectedMean, Nd4j.createFromArray(u.runningMean));
      assertClose(u.name + " running variance", expectedVar, Nd4j.createFromArray(u.runningVariance));
    }

    graph.setInputs(input.castTo(DataType.DOUBLE));
    graph.setLabels(upstream.castTo(DataType.DOUBLE));
    graph.computeGradientAndScore();
    Gradient g = graph.gradient();
    for (ConvBnReluUnit u : chain.units()) {
      assertClose(u.name + " dW", g.getGradientFor(u.name + "_W"), u.plainWeightGradient());
      assertClose(u.name + " dgamma", g.getGradientFor(u.name + "_bn_gamma"), Nd4j.createFromArray(u.gammaGradient));
      assertClose(u.name + " dbeta", g.getGradientFor(u.name + "_bn_beta"), Nd4j.createFromArray(u.betaGradient));
    }
    // The probe's dW[o, i] = Σ over pixels of dx[o]·input[i]; the same contraction of our dx.
    INDArray dx = chain.inputGradientNchw().castTo(DataType.DOUBLE).permute(1, 0, 2, 3).reshape(inChannels, -1);
    INDArray in = input.castTo(DataType.DOUBLE).permute(1, 0, 2, 3).reshape(inChannels, -1);
    assertClose("input gradient ⊗ input", g.getGradientFor("probe_W").reshape(inChannels, inChannels),
        dx.mmul(in.transpose()));
  }

  @ParameterizedTest(name = "input channels {0}")
  @ValueSource(ints = {64})
  void sgdStepMovesTheOutput(int inChannels) {
    BottleneckChain chain = new BottleneckChain(N, inChannels, H, W, 32, 4, MOMENTUM, true);
    chain.initialise(5);
    Random random = new Random(17);
    chain.setInput(gaussian(random, N, inChannels, H, W));
    NhwcArray grad = chain.outputGradient(gaussian(random, N, 128, H, W));
    chain.forward();
    INDArray before = chain.output();
    chain.backward(grad);
    chain.sgd(0.05f);
    chain.forward();
    double change = chain.output().sub(before).norm2Number().doubleValue() / before.norm2Number().doubleValue();
    assertTrue(change > 1e-3, "the output did not move after an SGD step: relative change " + change);
  }

  private static INDArray gaussian(Random random, long... shape) {
    float[] v = new float[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return Nd4j.createFromArray(v).reshape(shape);
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
