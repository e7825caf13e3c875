package org.hrnetbeam.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.weights.StateDict;
import org.hrnetbeam.weights.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves weights between a PyTorch-named {@link StateDict} and an HRNet graph, both ways.
 *
 * <p>Loading follows the reference's {@code init_weights(pretrained)}: a tensor loads when the
 * checkpoint has the same name and shape; everything else is reported in a {@link LoadReport}. A
 * {@code model.} prefix (training checkpoints) is stripped first, and {@code loss.*} entries are
 * treated as unused. So an ImageNet backbone checkpoint fills the backbone and leaves the head as
 * initialised, with the head and the classifier's leftovers listed.
 */
public final class StateDictBinding {
  private static final String COUNTER = "num_batches_tracked";

  private StateDictBinding() {
  }

  /** Copies every name-and-shape match into the graph (in place) and reports the rest. */
  public static LoadReport load(ComputationGraph graph, StateDict checkpoint) {
    StateDict sd = hasModelPrefix(checkpoint) ? checkpoint.stripPrefix("model.") : checkpoint;
    Map<String, INDArray> params = ParameterNames.named(graph);
    int loaded = 0;
    List<String> missing = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    for (Map.Entry<String, INDArray> e : params.entrySet()) {
      String name = e.getKey();
      INDArray target = e.getValue();
      if (!sd.contains(name)) {
        missing.add(name);
        continue;
      }
      Tensor t = sd.get(name);
      long[] want = ParameterNames.torchShape(target);
      if (!Arrays.equals(want, t.shape()) || !t.dtype().isFloatingPoint()) {
        mismatched.add(name + " " + t.describe() + " vs graph " + Arrays.toString(want));
        continue;
      }
      target.assign(Nd4j.create(t.floats(), target.shape(), 'c').castTo(target.dataType()));
      loaded++;
    }
    List<String> unused = new ArrayList<>();
    int counters = 0;
    for (String name : sd.names()) {
      if (name.endsWith("." + COUNTER)) {
        counters++;
      } else if (!params.containsKey(name)) {
        unused.add(name);
      }
    }
    return new LoadReport(loaded, missing, mismatched, unused, counters);
  }

  /**
   * The graph's weights as a PyTorch state_dict in the reference module order, with a
   * {@code num_batches_tracked} int64 scalar (0) after each BN's statistics, so PyTorch's strict
   * {@code load_state_dict} accepts it.
   */
  public static StateDict toStateDict(ComputationGraph graph) {
    Map<String, INDArray> params = ParameterNames.named(graph);
    Map<String, List<String>> byModule = new LinkedHashMap<>();
    for (String name : params.keySet()) {
      byModule.computeIfAbsent(name.substring(0, name.lastIndexOf('.')), k -> new ArrayList<>()).add(name);
    }
    StateDict out = new StateDict();
    // The configuration keeps vertices in the order the builder added them: the reference's module order.
    for (Map.Entry<String, GraphVertex> v : graph.getConfiguration().getVertices().entrySet()) {
      List<String> names = byModule.get(v.getKey());
      if (names == null) {
        continue;
      }
      for (String suffix : List.of("weight", "bias", "running_mean", "running_var")) {
        String name = v.getKey() + "." + suffix;
        if (names.contains(name)) {
          INDArray p = params.get(name);
          float[] values = p.castTo(DataType.FLOAT).dup('c').data().asFloat();
          out.put(name, Tensor.ofFloats(ParameterNames.torchShape(p), values));
        }
      }
      if (v.getValue() instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BatchNormalization) {
        out.put(v.getKey() + "." + COUNTER, Tensor.ofLongs(new long[0], new long[]{0}));
      }
    }
    return out;
  }

  private static boolean hasModelPrefix(StateDict sd) {
    return sd.names().stream().anyMatch(n -> n.startsWith("model."));
  }
}
