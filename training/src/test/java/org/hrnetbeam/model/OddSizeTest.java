package org.hrnetbeam.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Input sizes not divisible by 32 give odd branch sizes; the network must run on them both ways. */
class OddSizeTest {

  @ParameterizedTest(name = "alignCorners={0}")
  @ValueSource(booleans = {false, true})
  void a72x136InputGivesTheReferenceBranchSizesAndTrains(boolean align) {
    HrnetModel model = HrnetModel.create(HrnetVariants.spec("w18_small_v1", 5, align, 0.1), 0);
    INDArray input = Nd4j.randn(DataType.FLOAT, 1, 3, 72, 136);
    Map<String, INDArray> acts = model.graph().feedForward(input, false);
    assertArrayEquals(new long[]{1, 16, 18, 34}, acts.get(model.taps().get("stage4.out0")).shape());
    assertArrayEquals(new long[]{1, 32, 9, 17}, acts.get(model.taps().get("stage4.out1")).shape());
    assertArrayEquals(new long[]{1, 64, 5, 9}, acts.get(model.taps().get("stage4.out2")).shape());
    assertArrayEquals(new long[]{1, 128, 3, 5}, acts.get(model.taps().get("stage4.out3")).shape());
    assertArrayEquals(new long[]{1, 5, 18, 34}, model.logits(input).shape());

    INDArray labels = Nd4j.rand(DataType.FLOAT, 1, 1, 72, 136).muli(5).castTo(DataType.INT).castTo(DataType.FLOAT);
    model.graph().setInputs(input);
    model.graph().setLabels(labels);
    model.graph().computeGradientAndScore();
    double score = model.graph().score();
    assertEquals(Math.log(5), score, 0.05, "a fresh network predicts about uniformly");
    assertEquals(0, model.graph().gradient().gradient().isNaN().castTo(DataType.INT).sumNumber().intValue());
  }
}
