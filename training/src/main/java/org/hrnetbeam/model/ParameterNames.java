package org.hrnetbeam.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The graph's parameters under their PyTorch state_dict names. Layer names already are PyTorch
 * module paths ({@link HrnetGraphBuilder}); this adds the tensor suffix: conv {@code W → weight},
 * {@code b → bias}; BN {@code gamma → weight}, {@code beta → bias}, {@code mean → running_mean},
 * {@code var → running_var}.
 */
public final class ParameterNames {
  private ParameterNames() {
  }

  /** PyTorch suffixes of BN statistics, which PyTorch keeps as buffers, not parameters. */
  public static final java.util.Set<String> BUFFER_SUFFIXES = java.util.Set.of("running_mean", "running_var");

  /** PyTorch's order of a module's tensors in a state_dict. */
  private static final java.util.List<String> SUFFIX_ORDER = java.util.List.of("weight", "bias", "running_mean", "running_var");

  /**
   * state_dict name → live parameter view (writes go into the network), in graph order and, within
   * a layer, in PyTorch's order (weight, bias, running_mean, running_var).
   */
  public static Map<String, INDArray> named(ComputationGraph graph) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (Layer layer : graph.getLayers()) {
      String module = layer.conf().getLayer().getLayerName();
      Map<String, INDArray> bySuffix = new java.util.TreeMap<>(java.util.Comparator.comparingInt(SUFFIX_ORDER::indexOf));
      for (Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
        bySuffix.put(suffix(layer, p.getKey()), p.getValue());
      }
      bySuffix.forEach((suffix, value) -> out.put(module + "." + suffix, value));
    }
    return out;
  }

  /**
   * state_dict name → live view of that parameter's slot in the graph's flattened gradient vector,
   * shaped as the parameter: for a step computed outside DL4J, which fills these before
   * {@code PyTorchSgd} reads the vector. A parameter's slot sits at the same offset in both flat
   * vectors; that offset is read from the parameter view itself.
   */
  public static Map<String, INDArray> gradientViews(ComputationGraph graph) {
    if (graph.getFlattenedGradients() == null) {
      graph.initGradientsView();
    }
    INDArray params = graph.params();
    INDArray gradients = graph.getFlattenedGradients().reshape(graph.getFlattenedGradients().length());
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (Map.Entry<String, INDArray> e : named(graph).entrySet()) {
      INDArray view = e.getValue();
      if (view.data().address() != params.data().address()) {
        throw new IllegalStateException(e.getKey() + " is not a view of the graph's flat parameter vector");
      }
      if (!isDenseC(view)) {
        throw new IllegalStateException(e.getKey() + " is not a dense c-order view " + view.shapeInfoToString());
      }
      long offset = view.offset() - params.offset();
      out.put(e.getKey(), gradients.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(offset, offset + view.length()))
          .reshape('c', view.shape()));
    }
    return out;
  }

  /** Whether {@code a} is laid out as a fresh c-order array of its shape (strides of size-1 axes do not matter). */
  private static boolean isDenseC(INDArray a) {
    long expected = 1;
    for (int d = a.rank() - 1; d >= 0; d--) {
      if (a.size(d) > 1 && a.stride(d) != expected) {
        return false;
      }
      expected *= a.size(d);
    }
    return true;
  }

  /**
   * Trainable parameters as PyTorch counts them ({@code sum(p.numel() for p in model.parameters())}):
   * everything except BN running statistics, which DL4J's {@code numParams()} includes.
   */
  public static long trainableCount(ComputationGraph graph) {
    long n = 0;
    for (Map.Entry<String, INDArray> e : named(graph).entrySet()) {
      if (!BUFFER_SUFFIXES.contains(e.getKey().substring(e.getKey().lastIndexOf('.') + 1))) {
        n += e.getValue().length();
      }
    }
    return n;
  }

  private static String suffix(Layer layer, String dl4jKey) {
    if (layer instanceof ConvolutionLayer) {
      switch (dl4jKey) {
        case "W": return "weight";
        case "b": return "bias";
        default: break;
      }
    } else if (layer instanceof BatchNormalization) {
      switch (dl4jKey) {
        case "gamma": return "weight";
        case "beta": return "bias";
        case "mean": return "running_mean";
        case "var": return "running_var";
        default: break;
      }
    }
    throw new IllegalStateException("layer " + layer.conf().getLayer().getLayerName() + " ("
        + layer.getClass().getSimpleName() + ") has parameter '" + dl4jKey + "' with no PyTorch name");
  }

  /**
   * The PyTorch shape of a parameter: conv weights keep their [out, in, kh, kw] layout (DL4J's NCHW
   * layout is PyTorch's); DL4J stores biases and BN vectors as [1, C] where PyTorch has [C].
   */
  public static long[] torchShape(INDArray param) {
    return param.rank() == 4 ? param.shape() : new long[]{param.length()};
  }
}
