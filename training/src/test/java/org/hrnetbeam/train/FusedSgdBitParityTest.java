package org.hrnetbeam.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.HrnetVariants;
import org.hrnetbeam.schedule.ParameterGroups;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fused pass against the ND4J form it replaced ({@link Nd4jSgdBaseline}): the same parameters and
 * momentum, bit for bit, over several steps at changing rates, for every optimiser setting, on a
 * layout whose trainable runs cross the pass's chunk borders, and on the real W18-small-v1 graph.
 */
class FusedSgdBitParityTest {
  private static final double[] RATES = {0.01, 0.0093, 0.0071};
  private static final List<SgdSettings> SETTINGS = List.of(new SgdSettings(0.9, 1e-4, false),
      new SgdSettings(0.9, 5e-4, true), new SgdSettings(0.9, 0, false), new SgdSettings(0, 1e-4, false));

  /** Runs of random length: trainable at multiplier 1, 10 or 0.3, or not trainable (a BN statistic). */
  private static INDArray[] layout(int length, DataType type, Random random) {
    double[] scale = new double[length];
    double[] mask = new double[length];
    double[] multipliers = {1, 10, 0.3};
    for (int i = 0; i < length; ) {
      int run = 1 + random.nextInt(FusedSgdPass.CHUNK / 3);
      int kind = random.nextInt(4);
      for (int j = i; j < Math.min(length, i + run); j++) {
        mask[j] = kind < 3 ? 1 : 0;
        scale[j] = kind < 3 ? multipliers[kind] : 0;
      }
      i += run;
    }
    return new INDArray[]{Nd4j.createFromArray(scale).castTo(type), Nd4j.createFromArray(mask).castTo(type)};
  }

  @Test
  void float32StepsAreBitIdenticalToTheNd4jFormForEverySetting() {
    checkAgainstOracle(DataType.FLOAT);
  }

  @Test
  void float64StepsAreBitIdenticalToTheNd4jFormForEverySetting() {
    checkAgainstOracle(DataType.DOUBLE);
  }

  private static void checkAgainstOracle(DataType type) {
    int length = 3 * FusedSgdPass.CHUNK + 1234;
    Random random = new Random(7);
    INDArray[] layout = layout(length, type, random);
    for (SgdSettings settings : SETTINGS) {
      Nd4j.getRandom().setSeed(11);
      INDArray start = Nd4j.randn(type, length);
      INDArray expected = start.dup();
      INDArray actual = start.dup();
      Nd4jSgdBaseline oracle = new Nd4jSgdBaseline(settings, layout[0], layout[1]);
      PyTorchSgd sgd = new PyTorchSgd(settings, layout[0], layout[1]);
      for (double lr : RATES) {
        INDArray gradient = Nd4j.randn(type, length).muli(0.05);
        oracle.step(expected, gradient, lr);
        sgd.step(actual, gradient, lr);
        assertBitsEqual(expected, actual, settings + " params at lr " + lr);
        assertBitsEqual(oracle.buffer(), sgd.momentumBuffer(), settings + " momentum at lr " + lr);
      }
      assertTrue(expected.neq(start).any(), "the steps moved nothing, so the comparison proves nothing");
    }
  }

  @Test
  void onTheRealGraphLayoutStepsAreBitIdenticalToTheNd4jForm() {
    HrnetModel fused = HrnetModel.create(HrnetVariants.spec("w18_small_v1", 3, false, 0.1), 1);
    HrnetModel reference = HrnetModel.create(HrnetVariants.spec("w18_small_v1", 3, false, 0.1), 1);
    reference.graph().params().assign(fused.graph().params());
    SgdSettings settings = new SgdSettings(0.9, 1e-4, false);
    ParameterGroups groups = new ParameterGroups(List.of("last_layer"), 10);
    PyTorchSgd sgd = new PyTorchSgd(fused.graph(), settings, groups);
    Nd4jSgdBaseline oracle = new Nd4jSgdBaseline(reference.graph(), settings, groups);
    INDArray params = fused.graph().params();
    Nd4j.getRandom().setSeed(3);
    for (double lr : RATES) {
      INDArray gradient = Nd4j.randn(params.dataType(), params.shape()).muli(0.05);
      oracle.step(reference.graph().params(), gradient, lr);
      sgd.step(params, gradient, lr);
      assertBitsEqual(reference.graph().params(), params, "graph params at lr " + lr);
      assertBitsEqual(oracle.buffer(), sgd.momentumBuffer(), "graph momentum at lr " + lr);
    }
  }

  @Test
  void vectorsOfAnotherLengthOrTypeAreRejectedWithBothNamed() {
    INDArray[] layout = layout(100, DataType.FLOAT, new Random(1));
    PyTorchSgd sgd = new PyTorchSgd(new SgdSettings(0.9, 1e-4, false), layout[0], layout[1]);
    IllegalArgumentException shortGradient = assertThrows(IllegalArgumentException.class,
        () -> sgd.step(Nd4j.zeros(DataType.FLOAT, 100), Nd4j.zeros(DataType.FLOAT, 99), 0.1));
    assertTrue(shortGradient.getMessage().contains("gradients have 99 values")
        && shortGradient.getMessage().contains("built for 100"), shortGradient.getMessage());
    IllegalArgumentException doubles = assertThrows(IllegalArgumentException.class,
        () -> sgd.step(Nd4j.zeros(DataType.DOUBLE, 100), Nd4j.zeros(DataType.FLOAT, 100), 0.1));
    assertTrue(doubles.getMessage().contains("parameters are DOUBLE, expected FLOAT"), doubles.getMessage());
  }

  /** JUnit compares array elements by their bits when no tolerance is given (so −0 ≠ +0, NaN = NaN). */
  private static void assertBitsEqual(INDArray expected, INDArray actual, String what) {
    assertEquals(expected.length(), actual.length(), what);
    if (expected.dataType() == DataType.FLOAT) {
      assertArrayEquals(expected.reshape(expected.length()).toFloatVector(), actual.reshape(actual.length()).toFloatVector(),
          what);
    } else {
      assertArrayEquals(expected.reshape(expected.length()).toDoubleVector(),
          actual.reshape(actual.length()).toDoubleVector(), what);
    }
  }
}
