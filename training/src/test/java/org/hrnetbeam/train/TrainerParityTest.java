package org.hrnetbeam.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.hrnetbeam.loss.SegmentationLossLayer;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.HrnetVariants;
import org.hrnetbeam.model.StateDictBinding;
import org.hrnetbeam.schedule.ParameterGroups;
import org.hrnetbeam.weights.Npy;
import org.hrnetbeam.weights.Npz;
import org.hrnetbeam.weights.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * One {@link Trainer} step, with each {@link StepEngine}, on the parity fixture (W18-small-v1, BN momentum 0.01, reference
 * weights): the loss PyTorch computed, bn1's running statistics after the step, and each checked
 * parameter moved by exactly lr·k·(PyTorch's gradient + wd·p), the first SGD step's update.
 */
class TrainerParityTest {
  private static final double LR = 0.01;
  private static final double WD = 5e-4;

  @ParameterizedTest
  @EnumSource(StepEngine.class)
  void oneStepMatchesTheReferenceLossStatisticsAndUpdate(StepEngine engine) throws IOException {
    Path fixture = fixture();
    HrnetModel model = HrnetModel.create(HrnetVariants.spec("w18_small_v1", 19, false, 0.01), 0, new NoOp(),
        new SegmentationLossLayer(255, false, null));
    assertTrue(StateDictBinding.load(model.graph(), Npz.read(fixture.resolve("w18s1_state_dict.npz"))).complete());
    Trainer trainer = new Trainer(model, new SgdSettings(0.9, WD, false), new ParameterGroups(List.of("last_layer"), 10),
        engine);
    INDArray classifierBefore = model.graph().getLayer("last_layer.3").getParam("W").dup();
    INDArray stage3Before = model.graph().getLayer("stage3.0.branches.1.0.conv1").getParam("W").dup();

    double loss = trainer.step(array(fixture, "train_input_2x3x64x128.npy"),
        array(fixture, "train_labels_2x64x128_int64.npy"), LR);

    assertEquals(3.3106356, loss, 2e-6, "loss before the step");
    assertClose("bn1 running_mean", array(fixture, "train_bn1_running_mean_after.npy"),
        model.graph().getLayer("bn1").getParam("mean").reshape(64), 1e-6);
    assertClose("bn1 running_var", array(fixture, "train_bn1_running_var_after.npy"),
        model.graph().getLayer("bn1").getParam("var").reshape(64), 1e-6);
    assertUpdate("last_layer.3.weight (non-backbone, ×10)", classifierBefore,
        model.graph().getLayer("last_layer.3").getParam("W"), array(fixture, "grad_last_layer.3.weight.npy"), 10);
    assertUpdate("stage3.0.branches.1.0.conv1.weight", stage3Before,
        model.graph().getLayer("stage3.0.branches.1.0.conv1").getParam("W"),
        array(fixture, "grad_stage3.0.branches.1.0.conv1.weight.npy"), 1);
  }

  private static void assertUpdate(String what, INDArray before, INDArray after, INDArray torchGradient, double k) {
    INDArray expected = torchGradient.castTo(DataType.DOUBLE).add(before.castTo(DataType.DOUBLE).mul(WD)).muli(LR * k);
    INDArray actual = before.castTo(DataType.DOUBLE).sub(after.castTo(DataType.DOUBLE));
    // The gradients agree with PyTorch's to 3e-5 of their largest value (HrnetParityTest); the
    // update is read back as a difference of float32 weights, so their rounding (one ulp of the
    // largest weight) comes on top: 1.4e-8 here against updates of 1.6e-4 for the stage-3 conv.
    double scale = expected.amaxNumber().doubleValue();
    double ulp = Math.ulp(before.amaxNumber().floatValue());
    double diff = expected.sub(actual).amaxNumber().doubleValue();
    assertTrue(diff <= 5e-5 * scale + ulp, what + " update: max |diff| " + diff + " exceeds 5e-5 × " + scale
        + " + one float32 ulp " + ulp);
  }

  private static void assertClose(String what, INDArray expected, INDArray actual, double relative) {
    assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
    double scale = expected.amaxNumber().doubleValue();
    double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    assertTrue(diff <= relative * scale, what + ": max |diff| " + diff + " exceeds " + relative + " × " + scale);
  }

  private static INDArray array(Path fixture, String file) throws IOException {
    Tensor t = Npy.read(fixture.resolve(file));
    if (t.dtype().isFloatingPoint()) {
      return Nd4j.create(t.doubles(), t.shape(), 'c').castTo(DataType.FLOAT);
    }
    return Nd4j.create(t.longs(), t.shape(), DataType.LONG);
  }

  private static Path fixture() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared").resolve("fixtures").resolve("hrnet-parity");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    Assumptions.assumeTrue(false, "shared/fixtures/hrnet-parity not found above the working directory; skipping");
    return null;
  }
}
