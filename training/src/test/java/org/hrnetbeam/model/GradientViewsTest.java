package org.hrnetbeam.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.loss.SegmentationLossLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/** The gradient views by state_dict name are the slots DL4J's own backward pass fills. */
class GradientViewsTest {
  @Test
  void eachViewHoldsTheGradientDl4jComputedForThatParameter() {
    HrnetModel model = HrnetModel.create(HrnetVariants.spec("w18_small_v1", 5, false, 0.1), 3, new NoOp(),
        new SegmentationLossLayer(255, false, null));
    ComputationGraph graph = model.graph();
    Map<String, INDArray> views = ParameterNames.gradientViews(graph);
    Map<String, INDArray> params = ParameterNames.named(graph);
    assertEquals(params.keySet(), views.keySet());

    Nd4j.getRandom().setSeed(5);
    graph.setInputs(Nd4j.randn(DataType.FLOAT, 1, 3, 32, 48));
    float[] labels = new float[32 * 48];
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < labels.length; i++) {
      labels[i] = random.nextInt(8) == 0 ? 255 : random.nextInt(5);
    }
    graph.setLabels(Nd4j.createFromArray(labels).reshape(1, 1, 32, 48));
    graph.computeGradientAndScore();
    Gradient gradient = graph.gradient();
    int checked = 0;
    for (Map.Entry<String, INDArray> e : gradient.gradientForVariable().entrySet()) {
      String key = e.getKey();
      String layer = key.substring(0, key.lastIndexOf('_'));
      String dl4j = key.substring(key.lastIndexOf('_') + 1);
      String torch = layer + "." + torchSuffix(dl4j);
      INDArray view = views.get(torch);
      assertArrayEquals(params.get(torch).shape(), view.shape(), torch + " shape");
      assertEquals(0.0, e.getValue().reshape(view.shape()).sub(view).amaxNumber().doubleValue(), 0.0, torch);
      checked++;
    }
    assertEquals(params.size(), checked, "every parameter has a DL4J gradient");
  }

  private static String torchSuffix(String dl4j) {
    return switch (dl4j) {
      case "W", "gamma" -> "weight";
      case "b", "beta" -> "bias";
      case "mean" -> "running_mean";
      case "var" -> "running_var";
      default -> throw new IllegalArgumentException(dl4j);
    };
  }
}
