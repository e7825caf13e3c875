package org.hrnetbeam.model.ownstep;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.model.ReluInPlaceVertex;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The same layers as {@link TransitionLayer} in DL4J, NCHW, as {@code HrnetGraphBuilder} builds a
 * transition (conv without bias, BN, the model's in-place ReLU vertex). Inputs {@code x<b>}; units
 * {@code t<i>_<k>} with BN {@code t<i>_<k>_bn} and ReLU {@code t<i>_<k>_relu}; outputs {@code loss<i>}
 * ({@link GivenGradientLoss}), an identity output's loss reading its input (or probe) directly.
 * Mini-batch averaging off.
 */
public final class TransitionGraph {
  private TransitionGraph() {
  }

  /** A graph from the previous stage's branches (widths and sizes) to {@code next}'s widths; decay 1 − momentum. */
  public static ComputationGraph build(int[] channels, int[] heights, int[] widths, int[] next, double momentum,
      DataType dataType, IUpdater updater) {
    return build(channels, heights, widths, next, momentum, dataType, updater, false);
  }

  /**
   * As above; with {@code probe} a square 1×1 convolution without bias, {@code probe<b>}, in front of
   * each input. Set to the identity it changes nothing, and its weight gradient is Σ over pixels of
   * (the input's gradient) ⊗ (the input): how a test reads DL4J's input gradients, which this DL4J
   * version does not return from a graph.
   */
  static ComputationGraph build(int[] channels, int[] heights, int[] widths, int[] next, double momentum,
      DataType dataType, IUpdater updater, boolean probe) {
    int previous = channels.length;
    ComputationGraphConfiguration.GraphBuilder g = BranchInputGraphs.withBranchInputs(channels, heights, widths,
        dataType, updater);
    String[] x = BranchInputGraphs.inputs(g, channels, probe);
    String[] losses = new String[next.length];
    for (int i = 0; i < next.length; i++) {
      String out;
      if (i < previous) {
        out = x[i];
        if (next[i] != channels[i]) {
          out = convBnRelu(g, "t" + i + "_0", out, channels[i], next[i], 1, momentum);
        }
      } else {
        out = x[previous - 1];
        int in = channels[previous - 1];
        int steps = i + 1 - previous;
        for (int k = 0; k < steps; k++) {
          int c = k == steps - 1 ? next[i] : in;
          out = convBnRelu(g, "t" + i + "_" + k, out, in, c, 2, momentum);
          in = c;
        }
      }
      losses[i] = "loss" + i;
      g.addLayer(losses[i], new CnnLossLayer.Builder(new GivenGradientLoss()).activation(Activation.IDENTITY)
          .build(), out);
    }
    g.setOutputs(losses);
    ComputationGraph graph = new ComputationGraph(g.build());
    graph.init();
    return graph;
  }

  private static String convBnRelu(ComputationGraphConfiguration.GraphBuilder g, String name, String in, int nIn,
      int nOut, int stride, double momentum) {
    g.addLayer(name, conv(nIn, nOut, 3, stride), in);
    g.addLayer(name + "_bn", new BatchNormalization.Builder().nIn(nOut).nOut(nOut).eps(ConvBnReluUnit.BN_EPS)
        .decay(1.0 - momentum).useLogStd(false).build(), name);
    g.addVertex(name + "_relu", new ReluInPlaceVertex(), name + "_bn");
    return name + "_relu";
  }

  private static ConvolutionLayer conv(int nIn, int nOut, int kernel) {
    return conv(nIn, nOut, kernel, 1);
  }

  private static ConvolutionLayer conv(int nIn, int nOut, int kernel, int stride) {
    return new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).padding(kernel / 2, kernel / 2)
        .nIn(nIn).nOut(nOut).hasBias(false).activation(Activation.IDENTITY).build();
  }

  /** Copies every unit's weights, γ, β and running statistics into {@code graph}. */
  static void copyParameters(TransitionLayer layer, ComputationGraph graph) {
    for (ConvBnReluUnit u : layer.units()) {
      INDArray w = graph.getLayer(u.name).getParam("W");
      w.assign(u.plainWeights().castTo(w.dataType()));
      setVector(graph.getLayer(u.name + "_bn").getParam("gamma"), u.gamma);
      setVector(graph.getLayer(u.name + "_bn").getParam("beta"), u.beta);
      setVector(graph.getLayer(u.name + "_bn").getParam("mean"), u.runningMean);
      setVector(graph.getLayer(u.name + "_bn").getParam("var"), u.runningVariance);
    }
  }

  private static void setVector(INDArray target, float[] values) {
    target.assign(Nd4j.createFromArray(values).castTo(target.dataType()).reshape(target.shape()));
  }
}
