package org.hrnetbeam.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.HrnetVariants;
import org.hrnetbeam.model.ParameterNames;
import org.hrnetbeam.schedule.ParameterGroups;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * On the real graph layout: with a gradient of 1 everywhere, no momentum or decay and rate 1,
 * each parameter moves by exactly its group's multiplier, and BN running statistics do not move.
 */
class ParameterGroupStepTest {
  @Test
  void eachParameterMovesByItsGroupRateAndBnStatisticsStayPut() {
    HrnetModel model = HrnetModel.create(HrnetVariants.spec("w18_small_v1", 3, false, 0.1), 1);
    PyTorchSgd sgd = new PyTorchSgd(model.graph(), new SgdSettings(0, 0, false),
        new ParameterGroups(List.of("last_layer"), 10));
    Map<String, INDArray> before = copies(ParameterNames.named(model.graph()));
    INDArray ones = Nd4j.ones(model.graph().params().dataType(), model.graph().params().length());
    sgd.step(model.graph().params(), ones, 1.0);
    for (Map.Entry<String, INDArray> e : ParameterNames.named(model.graph()).entrySet()) {
      String name = e.getKey();
      double expected = name.endsWith("running_mean") || name.endsWith("running_var") ? 0
          : name.startsWith("last_layer") ? -10 : -1;
      INDArray moved = e.getValue().sub(before.get(name));
      assertEquals(expected, moved.minNumber().doubleValue(), 1e-5, name);
      assertEquals(expected, moved.maxNumber().doubleValue(), 1e-5, name);
    }
  }

  private static Map<String, INDArray> copies(Map<String, INDArray> live) {
    Map<String, INDArray> out = new java.util.LinkedHashMap<>();
    live.forEach((k, v) -> out.put(k, v.dup()));
    return out;
  }
}
