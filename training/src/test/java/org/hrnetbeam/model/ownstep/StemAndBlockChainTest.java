package org.hrnetbeam.model.ownstep;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The channels-last chain against the same layers built from DL4J's own layers in float64 (no
 * oneDNN, no channels-last code, NCHW): forward output, every weight / γ / β gradient, running
 * statistics, and the SGD update over two steps.
 *
 * <p>Tolerance: each array's largest difference must be below 1e-5 of its largest magnitude. The
 * chain computes in float32 (oneDNN's float32 convolutions sum 27 to 576 products per output in its
 * own order; the BN sums run in float64 but the normalised values and the gradients between layers
 * are float32), so its values carry float32 rounding (about 6e-8 relative) accumulated over four
 * layers forward and back; the worst measured was 1.2e-6 (block2 dW), so 1e-5 leaves an eightfold
 * margin. A wrong index, sign or missing term gives errors of order 1.
 */
class StemAndBlockChainTest {
  private static final int N = 2;
  private static final int H = 32;
  private static final int W = 48;
  private static final double MOMENTUM = 0.1;
  private static final double TOLERANCE = 1e-5;

  private static StemAndBlockChain chain;
  private static ComputationGraph graph;
  private static INDArray input;
  private static INDArray upstream;
  private static NhwcArray upstreamLast;

  @BeforeAll
  static void oneStepBoth() {
    chain = new StemAndBlockChain(N, H, W, MOMENTUM);
    chain.initialise(7);
    Random random = new Random(11);
    // Non-trivial γ and β, so that their gradients and uses are exercised.
    for (ConvBnReluUnit u : chain.units()) {
      for (int ch = 0; ch < u.gamma.length; ch++) {
        u.gamma[ch] = 0.5f + random.nextFloat();
        u.beta[ch] = (float) (0.3 * random.nextGaussian());
      }
    }
    graph = StemAndBlockGraph.build(H, W, MOMENTUM, DataType.DOUBLE, new NoOp());
    StemAndBlockGraph.copyParameters(chain, graph);

    input = gaussian(random, N, 3, H, W);
    chain.setInput(input);
    chain.forward();
    upstreamLast = chain.newOutputGradient();
    upstream = gaussian(random, upstreamLast.nchwView.shape());
    upstreamLast.assignFromNchw(upstream);
    chain.backward(upstreamLast);
  }

  @Test
  void forwardOutputMatchesDl4jLayers() {
    // Training-mode forward: batch statistics, as the chain uses.
    Map<String, INDArray> acts = graph.feedForward(new INDArray[]{input.castTo(DataType.DOUBLE)}, true, false);
    assertClose("output", acts.get("block2_relu"), chain.output());
  }

  @Test
  void everyParameterGradientMatchesDl4jLayers() {
    graph.setInputs(input.castTo(DataType.DOUBLE));
    graph.setLabels(upstream.castTo(DataType.DOUBLE));
    graph.computeGradientAndScore();
    Gradient g = graph.gradient();
    for (ConvBnReluUnit u : chain.units()) {
      assertClose(u.name + " dW", g.getGradientFor(u.name + "_W"), u.plainWeightGradient());
      assertClose(u.name + " dgamma", g.getGradientFor(u.name + "_bn_gamma"), Nd4j.createFromArray(u.gammaGradient));
      assertClose(u.name + " dbeta", g.getGradientFor(u.name + "_bn_beta"), Nd4j.createFromArray(u.betaGradient));
    }
  }

  @Test
  void runningStatisticsFollowPytorchMomentumWithUnbiasedVariance() {
    Map<String, INDArray> acts = graph.feedForward(new INDArray[]{input.castTo(DataType.DOUBLE)}, true, false);
    for (ConvBnReluUnit u : chain.units()) {
      INDArray z = acts.get(u.name);
      INDArray batchMean = z.mean(0, 2, 3);
      double count = z.length() / z.size(1);
      INDArray unbiased = z.var(false, 0, 2, 3).muli(count / (count - 1));
      INDArray expectedMean = batchMean.mul(MOMENTUM);
      INDArray expectedVar = unbiased.mul(MOMENTUM).addi(1 - MOMENTUM);
      assertClose(u.name + " running mean", expectedMean, Nd4j.createFromArray(u.runningMean));
      assertClose(u.name + " running variance", expectedVar, Nd4j.createFromArray(u.runningVariance));
    }
  }

  @Test
  void sgdMovesEachWeightAgainstItsGradientAndTheNextStepSeesIt() {
    StemAndBlockChain other = new StemAndBlockChain(N, H, W, MOMENTUM);
    other.initialise(7);
    other.setInput(input);
    NhwcArray grad = other.newOutputGradient();
    grad.assignFromNchw(upstream);
    other.forward();
    INDArray before = other.output();
    other.backward(grad);
    ConvBnReluUnit stem1 = other.units().get(0);
    INDArray w0 = stem1.plainWeights();
    INDArray dw = stem1.plainWeightGradient();
    other.sgd(0.05f);
    assertClose("stem1 W after SGD", w0.sub(dw.mul(0.05f)), stem1.plainWeights());
    other.forward();
    double change = other.output().sub(before).norm2Number().doubleValue() / before.norm2Number().doubleValue();
    assertTrue(change > 1e-3, "the output did not move after an SGD step: relative change " + change);
  }

  @Test
  void weightsKeptInOnednnLayoutGiveTheSameBitsAsDl4jLayoutOverTwoSteps() {
    // The same primitives read the same weight values either way, and SGD is element-wise, so
    // keeping the weights in oneDNN's layout may not change a single bit of any result.
    StemAndBlockChain kept = new StemAndBlockChain(N, H, W, MOMENTUM, true);
    StemAndBlockChain reordered = new StemAndBlockChain(N, H, W, MOMENTUM, false);
    System.out.println("weight layouts of the backward primitives: " + kept.weightLayouts());
    for (StemAndBlockChain c : java.util.List.of(kept, reordered)) {
      c.initialise(7);
      c.setInput(input);
    }
    NhwcArray keptGrad = kept.outputGradient(upstream);
    NhwcArray reorderedGrad = reordered.outputGradient(upstream);
    for (int step = 0; step < 2; step++) {
      kept.forward();
      reordered.forward();
      assertSameBits("output, step " + step, reordered.output(), kept.output());
      kept.backward(keptGrad);
      reordered.backward(reorderedGrad);
      for (int u = 0; u < 4; u++) {
        ConvBnReluUnit k = kept.units().get(u);
        ConvBnReluUnit r = reordered.units().get(u);
        assertSameBits(k.name + " dW, step " + step, r.plainWeightGradient(), k.plainWeightGradient());
      }
      kept.sgd(0.05f);
      reordered.sgd(0.05f);
      for (int u = 0; u < 4; u++) {
        ConvBnReluUnit k = kept.units().get(u);
        assertSameBits(k.name + " W after SGD, step " + step, reordered.units().get(u).plainWeights(),
            k.plainWeights());
      }
    }
  }

  private static void assertSameBits(String what, INDArray expected, INDArray actual) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected.dup('c').data().asFloat(),
        actual.dup('c').data().asFloat(), 0f, what);
  }

  @Test
  void aRepeatedStepGivesTheSameBitsOnOneOrFourJavaThreads() throws Exception {
    StemAndBlockChain other = new StemAndBlockChain(N, H, W, MOMENTUM);
    other.initialise(7);
    other.setInput(input);
    NhwcArray grad = other.newOutputGradient();
    grad.assignFromNchw(upstream);
    // The kept arrays and accumulators carry nothing from one step into the next, and the passes'
    // fixed chunks give the same sums whichever pool runs them.
    INDArray[] first = forwardBackward(other, grad, 1);
    INDArray[] second = forwardBackward(other, grad, 4);
    for (int i = 0; i < first.length; i++) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(first[i].dup('c').data().asFloat(),
          second[i].dup('c').data().asFloat(), 0f, "array " + i + " of the repeated step");
    }
  }

  /** Output and every unit's dW, dγ, dβ of one forward + backward run in a pool of {@code threads}. */
  private static INDArray[] forwardBackward(StemAndBlockChain c, NhwcArray grad, int threads) throws Exception {
    java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
    try {
      return pool.submit(() -> {
        c.forward();
        c.backward(grad);
        java.util.List<INDArray> out = new java.util.ArrayList<>();
        out.add(c.output());
        for (ConvBnReluUnit u : c.units()) {
          out.add(u.plainWeightGradient());
          out.add(Nd4j.createFromArray(u.gammaGradient.clone()));
          out.add(Nd4j.createFromArray(u.betaGradient.clone()));
        }
        return out.toArray(new INDArray[0]);
      }).get();
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void inputOfTheWrongShapeIsRefusedNamingBothShapes() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> chain.setInput(Nd4j.zeros(DataType.FLOAT, N, 3, W, H)));
    assertTrue(e.getMessage().contains("[2, 3, 32, 48]") && e.getMessage().contains("[2, 3, 48, 32]"),
        e.getMessage());
  }

  /** Standard normal float32 values from {@code random} (reproducible, unlike ND4J's generator here). */
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
    System.out.printf("%-26s max |diff| / max |expected| = %.2e (max |expected| %.3g)%n", what, error, scale);
    assertTrue(scale > 0, what + ": expected array is all zeros, the check would be empty");
    assertTrue(error < TOLERANCE, what + ": relative max difference " + error + " above " + TOLERANCE);
  }
}
