package org.hrnetbeam.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hrnetbeam.loss.SegmentationLossLayer;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.HrnetSpec;
import org.hrnetbeam.model.HrnetVariants;
import org.hrnetbeam.model.ParameterNames;
import org.hrnetbeam.schedule.ParameterGroups;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The channels-last step against DL4J's on the same model, batch and settings: the same loss,
 * every parameter's gradient, the same BN running statistics and the same weights after two SGD
 * steps with momentum. Both are float32 with sums in different orders, so they agree to float32
 * rounding carried through the network, not bit for bit.
 */
class StepEngineParityTest {
  /** Of each tensor's largest magnitude; float32 rounding through ~30 layers stays near 1e-5. */
  private static final double RELATIVE = 1e-4;

  @Test
  void smallV1WithClassWeightsAlignedCorners() {
    double[] weights = {0.8, 1.0, 1.2, 0.9, 1.1};
    compare(HrnetVariants.spec("w18_small_v1", 5, true, 0.1), new SegmentationLossLayer(255, true, weights), 2, 64, 96);
  }

  @Test
  void oddInputSizeGivesOddBranchesWithoutAlignedCorners() {
    compare(HrnetVariants.spec("w18_small_v1", 4, false, 0.01), new SegmentationLossLayer(255, false, null), 1, 72, 136);
  }

  private static void compare(HrnetSpec spec, SegmentationLossLayer loss, int batch, int height, int width) {
    HrnetModel reference = HrnetModel.create(spec, 11, new NoOp(), loss);
    HrnetModel ours = HrnetModel.create(spec, 11, new NoOp(), loss);
    ours.graph().params().assign(reference.graph().params());
    SgdSettings sgd = new SgdSettings(0.9, 5e-4, false);
    ParameterGroups groups = new ParameterGroups(List.of("last_layer"), 10);
    Trainer dl4j = new Trainer(reference, sgd, groups, StepEngine.DL4J);
    Trainer channelsLast = new Trainer(ours, sgd, groups, StepEngine.CHANNELS_LAST);

    Random random = new Random(height * 31L + width);
    for (int step = 0; step < 2; step++) {
      INDArray images = Nd4j.randn(DataType.FLOAT, batch, 3, height, width);
      INDArray labels = labels(random, batch, height, width, spec.numClasses());
      double expected = dl4j.step(images, labels, 0.05);
      double actual = channelsLast.step(images, labels, 0.05);
      assertEquals(expected, actual, 1e-5 * Math.abs(expected), "loss at step " + step);
      if (step == 0) {
        assertAllClose("gradient", ParameterNames.gradientViews(reference.graph()),
            ParameterNames.gradientViews(ours.graph()), true);
      }
    }
    assertAllClose("after two steps", ParameterNames.named(reference.graph()), ParameterNames.named(ours.graph()), false);
  }

  private static INDArray labels(Random random, int batch, int height, int width, int classes) {
    long[] values = new long[batch * height * width];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt(10) == 0 ? 255 : random.nextInt(classes);
    }
    return Nd4j.createFromArray(values).reshape(batch, height, width);
  }

  private static void assertAllClose(String what, Map<String, INDArray> expected, Map<String, INDArray> actual,
      boolean skipBuffers) {
    assertEquals(expected.keySet(), actual.keySet());
    int compared = 0;
    for (Map.Entry<String, INDArray> e : expected.entrySet()) {
      String name = e.getKey();
      if (skipBuffers && ParameterNames.BUFFER_SUFFIXES.contains(name.substring(name.lastIndexOf('.') + 1))) {
        continue;
      }
      INDArray want = e.getValue().castTo(DataType.DOUBLE);
      INDArray got = actual.get(name).castTo(DataType.DOUBLE);
      double scale = Math.max(want.amaxNumber().doubleValue(), 1e-12);
      double diff = want.sub(got).amaxNumber().doubleValue();
      assertTrue(diff <= RELATIVE * scale, what + " " + name + ": max |diff| " + diff + " exceeds " + RELATIVE
          + " × " + scale);
      compared++;
    }
    assertTrue(compared > 50, what + ": only " + compared + " tensors compared");
  }
}
