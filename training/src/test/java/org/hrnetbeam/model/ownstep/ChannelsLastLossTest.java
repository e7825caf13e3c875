package org.hrnetbeam.model.ownstep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.loss.CrossEntropy2d;
import org.hrnetbeam.loss.LossSettings;
import org.hrnetbeam.loss.SegmentationCriterion;
import org.hrnetbeam.loss.SegmentationLossLayer;
import org.hrnetbeam.model.HrnetVariants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * {@link ChannelsLastLoss} against the product's criterion run on NCHW logits directly (the same
 * values go in, so loss, pixel count and gradient must be bit-equal), for cross-entropy with the
 * Cityscapes class weights, without weights (align_corners true), and OHEM with a threshold that
 * keeps part of the pixels; twice in a row on the same object (the reused arrays). Then the head and
 * the loss together against {@link HeadGraph} in float64 ending in the product's
 * {@link SegmentationLossLayer}, as the model's graph ends: loss value and every head gradient
 * within 1e-5 relative (the criterion works in float32 on both sides; the rest as in
 * {@link ChannelsLastHeadTest}).
 */
class ChannelsLastLossTest {
  private static final int IGNORE = 255;

  private static SegmentationCriterion criterion(String kind, boolean alignCorners) {
    SegmentationLossLayer layer = layer(kind, alignCorners);
    return layer.criterion();
  }

  private static SegmentationLossLayer layer(String kind, boolean alignCorners) {
    return switch (kind) {
      case "weighted" -> new LossSettings(IGNORE, alignCorners, LossSettings.CITYSCAPES_WEIGHTS, false, 0, 0).layer();
      case "plain" -> new LossSettings(IGNORE, alignCorners, null, false, 0, 0).layer();
      case "ohem" -> new LossSettings(IGNORE, alignCorners, LossSettings.CITYSCAPES_WEIGHTS, true, 0.05, 300).layer();
      default -> throw new IllegalArgumentException(kind);
    };
  }

  /** [n, h, w] labels in [0, 19) with about a tenth of the pixels ignored. */
  private static INDArray labels(Random random, int n, int h, int w) {
    float[] v = new float[n * h * w];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextInt(10) == 0 ? IGNORE : random.nextInt(19);
    }
    return Nd4j.createFromArray(v).reshape(n, h, w);
  }

  @ParameterizedTest(name = "{0}, align_corners {1}")
  @CsvSource({"weighted, false", "plain, true", "ohem, false"})
  void glueGivesTheCriterionsExactNumbers(String kind, boolean alignCorners) {
    SegmentationCriterion criterion = criterion(kind, alignCorners);
    Random random = new Random(kind.hashCode());
    INDArray first = ChannelsLastResizeTest.gaussian(random, 2, 19, 9, 13).muli(2);
    ChannelsLastLoss loss = new ChannelsLastLoss(criterion, NhwcArray.fromNchw(first));
    for (int call = 0; call < 2; call++) {
      INDArray logits = call == 0 ? first : ChannelsLastResizeTest.gaussian(random, 2, 19, 9, 13).muli(3);
      INDArray labels = labels(random, 2, 36, 52);
      CrossEntropy2d.Result direct = criterion.compute(logits.dup(), labels);
      CrossEntropy2d.Result glued = loss.compute(NhwcArray.fromNchw(logits), labels);
      assertEquals(direct.loss(), glued.loss(), 0.0, kind + " call " + call + ": loss");
      assertEquals(direct.validPixels(), glued.validPixels(), kind + " call " + call + ": pixels counted");
      assertTrue(direct.validPixels() > 0 && direct.loss() > 0, "an empty loss would make the check vacuous");
      assertEquals(direct.logitsGradient(), loss.gradient().toNchw(), kind + " call " + call + ": gradient");
      if (kind.equals("ohem")) {
        assertTrue(direct.validPixels() < 2 * 36 * 52 * 0.9 - 50, "OHEM kept every pixel: " + direct.validPixels());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"weighted", "ohem"})
  void headAndLossMatchDl4jEndingInTheProductsLossLayer(String kind) {
    boolean alignCorners = false;
    ChannelsLastHead head = ChannelsLastHead.of(HrnetVariants.spec("w18_small_v1", 19, alignCorners, 0.1), 2, 64,
        96);
    head.initialise(11);
    int[] channels = {16, 32, 64, 128};
    int[] heights = {16, 8, 4, 2};
    int[] widths = {24, 12, 6, 3};
    ComputationGraph graph = HeadGraph.build(channels, heights, widths, 19, 1, alignCorners, 0.1, DataType.DOUBLE,
        new NoOp(), false, layer(kind, alignCorners));
    HeadGraph.copyParameters(head, graph);
    Random random = new Random(21);
    INDArray[] x = new INDArray[4];
    NhwcArray[] xNhwc = new NhwcArray[4];
    for (int b = 0; b < 4; b++) {
      x[b] = ChannelsLastResizeTest.gaussian(random, 2, channels[b], heights[b], widths[b]);
      xNhwc[b] = NhwcArray.fromNchw(x[b]);
    }
    INDArray labels = labels(random, 2, 64, 96);
    ChannelsLastLoss loss = new ChannelsLastLoss(criterion(kind, alignCorners), head.logits());
    head.forward(xNhwc);
    CrossEntropy2d.Result ours = loss.compute(head.logits(), labels);
    head.backward(loss.gradient());

    INDArray[] inputs = new INDArray[4];
    for (int b = 0; b < 4; b++) {
      inputs[b] = x[b].castTo(DataType.DOUBLE);
    }
    graph.setInputs(inputs);
    graph.setLabels(labels.castTo(DataType.DOUBLE));
    graph.computeGradientAndScore();
    double score = graph.score();
    double lossError = Math.abs(score - ours.loss()) / score;
    System.out.printf("%-36s DL4J %.8f ours %.8f relative %.2e%n", kind + " loss", score, ours.loss(), lossError);
    assertTrue(lossError < 1e-5, kind + ": loss " + ours.loss() + " against DL4J's " + score);
    Gradient g = graph.gradient();
    Map<String, INDArray> gradients = head.gradients();
    assertClose(kind + " last_layer.0 dW", g.getGradientFor("last_layer.0_W"), gradients.get("last_layer.0.weight"));
    assertClose(kind + " last_layer.1 dgamma", g.getGradientFor("last_layer.1_gamma"),
        gradients.get("last_layer.1.weight"));
    assertClose(kind + " last_layer.1 dbeta", g.getGradientFor("last_layer.1_beta"),
        gradients.get("last_layer.1.bias"));
    assertClose(kind + " last_layer.3 dW", g.getGradientFor("last_layer.3_W"), gradients.get("last_layer.3.weight"));
    assertClose(kind + " last_layer.3 db", g.getGradientFor("last_layer.3_b"), gradients.get("last_layer.3.bias"));
  }

  @Test
  void refusesLogitsOfAnotherShape() {
    ChannelsLastLoss loss = new ChannelsLastLoss(criterion("plain", false),
        NhwcArray.fromNchw(Nd4j.zeros(DataType.FLOAT, 2, 19, 9, 13)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> loss.compute(NhwcArray.fromNchw(Nd4j.zeros(DataType.FLOAT, 2, 19, 9, 12)), labels(new Random(1), 2, 36,
            48)));
    assertTrue(e.getMessage().contains("[2, 19, 9, 13]") && e.getMessage().contains("[2, 19, 9, 12]"), e.getMessage());
  }

  private static void assertClose(String what, INDArray expected, INDArray actual) {
    INDArray e = expected.castTo(DataType.DOUBLE).reshape(expected.length());
    INDArray a = actual.castTo(DataType.DOUBLE).reshape(actual.length());
    double scale = e.amaxNumber().doubleValue();
    double error = e.sub(a).amaxNumber().doubleValue() / Math.max(scale, 1e-30);
    System.out.printf("%-36s max |diff| / max |expected| = %.2e (max |expected| %.3g)%n", what, error, scale);
    assertTrue(scale > 0, what + ": expected array is all zeros, the check would be empty");
    assertTrue(error < 1e-5, what + ": relative max difference " + error + " above 1e-5");
  }
}
