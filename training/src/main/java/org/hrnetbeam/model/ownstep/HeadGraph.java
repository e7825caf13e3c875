package org.hrnetbeam.model.ownstep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.model.ReluInPlaceVertex;
import org.hrnetbeam.model.ResizeBilinearVertex;
import org.hrnetbeam.model.ReusingConvolution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The same layers as {@link ChannelsLastHead} in DL4J, NCHW, wired as {@code HrnetGraphBuilder.addHead}
 * (the model's resize vertex, a merge vertex, {@code last_layer.0} conv with bias, {@code last_layer.1}
 * BN, the model's in-place ReLU vertex, {@code last_layer.3} conv with bias). Inputs {@code x<b>};
 * output layer {@code loss} on the logits: either {@link GivenGradientLoss} (the labels are the
 * logits' gradient) or any other output layer, e.g. the product's {@code SegmentationLossLayer}.
 * Mini-batch averaging off, as the model.
 */
public final class HeadGraph {
  private HeadGraph() {
  }

  /**
   * @param probe with an identity-initialised 1×1 convolution {@code probe<b>} in front of each input
   *              (no bias), whose weight gradient Σ dx ⊗ x makes each input's gradient observable
   * @param loss  the output layer on the logits; null for {@link GivenGradientLoss}
   */
  public static ComputationGraph build(int[] channels, int[] heights, int[] widths, int numClasses, int finalKernel,
      boolean alignCorners, double momentum, DataType dataType, IUpdater updater, boolean probe, Layer loss) {
    int n = channels.length;
    ComputationGraphConfiguration.GraphBuilder g = BranchInputGraphs.withBranchInputs(channels, heights, widths,
        dataType, updater);
    String[] x = BranchInputGraphs.inputs(g, channels, probe);
    List<String> parts = new ArrayList<>();
    parts.add(x[0]);
    int total = channels[0];
    for (int b = 1; b < n; b++) {
      g.addVertex("up" + b, new ResizeBilinearVertex(alignCorners), x[b], x[0]);
      parts.add("up" + b);
      total += channels[b];
    }
    g.addVertex("concat", new MergeVertex(), parts.toArray(String[]::new));
    g.addLayer("last_layer.0", conv(total, total, 1, true), "concat");
    g.addLayer("last_layer.1", new BatchNormalization.Builder().nIn(total).nOut(total).eps(ConvBnReluUnit.BN_EPS)
        .decay(1.0 - momentum).useLogStd(false).build(), "last_layer.0");
    g.addVertex("relu", new ReluInPlaceVertex(), "last_layer.1");
    g.addLayer("last_layer.3", conv(total, numClasses, finalKernel, true), "relu");
    g.addLayer("loss", loss != null ? loss
        : new CnnLossLayer.Builder(new GivenGradientLoss()).activation(Activation.IDENTITY).build(), "last_layer.3");
    g.setOutputs("loss");
    ComputationGraph graph = new ComputationGraph(g.build());
    graph.init();
    if (probe) {
      for (int b = 0; b < n; b++) {
        INDArray w = graph.getLayer("probe" + b).getParam("W");
        w.assign(org.nd4j.linalg.factory.Nd4j.eye(channels[b]).reshape(w.shape()));
      }
    }
    return graph;
  }

  /** Copies the head's parameters and running statistics into {@code graph} (DL4J's W, b, gamma, beta, mean, var). */
  static void copyParameters(ChannelsLastHead head, ComputationGraph graph) {
    Map<String, INDArray> state = head.stateDict();
    for (String conv : new String[]{"last_layer.0", "last_layer.3"}) {
      set(graph.getLayer(conv).getParam("W"), state.get(conv + ".weight"));
      set(graph.getLayer(conv).getParam("b"), state.get(conv + ".bias"));
    }
    org.deeplearning4j.nn.api.Layer bn = graph.getLayer("last_layer.1");
    set(bn.getParam("gamma"), state.get("last_layer.1.weight"));
    set(bn.getParam("beta"), state.get("last_layer.1.bias"));
    set(bn.getParam("mean"), state.get("last_layer.1.running_mean"));
    set(bn.getParam("var"), state.get("last_layer.1.running_var"));
  }

  private static void set(INDArray target, INDArray value) {
    target.assign(value.castTo(target.dataType()).reshape(target.shape()));
  }

  private static ConvolutionLayer conv(int nIn, int nOut, int kernel, boolean bias) {
    return ReusingConvolution.of(new ConvolutionLayer.Builder(kernel, kernel).stride(1, 1)
        .padding(kernel / 2, kernel / 2).nIn(nIn).nOut(nOut).hasBias(bias).activation(Activation.IDENTITY));
  }
}
