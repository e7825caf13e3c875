package org.hrnetbeam.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Every float tensor of the reference W18-small-v1 state_dict has a graph parameter of the same name and size. */
class StateDictLayoutTest {

  @Test
  void graphParametersAreTheReferenceStateDictNames() throws IOException {
    List<String> rows = Files.readAllLines(TestData.parityFixture().resolve("state_dict_keys.tsv"));
    Map<String, String> expected = new TreeMap<>();
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split("\t");
      if (f[3].equals("float32")) {
        expected.put(f[1], f[2].replace(" ", ""));
      }
    }
    ComputationGraph graph = new ComputationGraph(HrnetGraphBuilder.build(HrnetVariants.spec("w18_small_v1", 19, false, 0.01)));
    graph.init();
    Map<String, String> actual = new TreeMap<>();
    for (Map.Entry<String, INDArray> e : ParameterNames.named(graph).entrySet()) {
      actual.put(e.getKey(), Arrays.toString(ParameterNames.torchShape(e.getValue())).replace(" ", ""));
    }
    assertEquals(expected.keySet(), actual.keySet());
    assertEquals(expected, actual);
  }
}
