package org.hrnetbeam.model.ownstep;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.model.ReluInPlaceVertex;
import org.hrnetbeam.model.ResizeBilinearVertex;
import org.hrnetbeam.model.SumInPlaceVertex;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The same layers as {@link FuseLayer} in DL4J, NCHW, wired as {@code HrnetGraphBuilder} wires a
 * stage's fuse layers (the model's resize, in-place sum and in-place ReLU vertices; the sum of
 * output 0 accumulates into term 1, every other sum into term 0, the terms private to it). Inputs
 * {@code x<b>}; units {@code f<i>_<j>_<k>} with BN {@code f<i>_<j>_<k>_bn}; outputs {@code loss<i>}
 * ({@link GivenGradientLoss}, so the labels are the outputs' gradients). Mini-batch averaging off.
 */
public final class FuseLayerGraph {
  private FuseLayerGraph() {
  }

  /** A graph for branches of the given widths and sizes, highest resolution first; decay 1 − momentum. */
  public static ComputationGraph build(int[] channels, int[] heights, int[] widths, boolean alignCorners,
      double momentum, DataType dataType, IUpdater updater) {
    return build(channels, heights, widths, alignCorners, momentum, dataType, updater, false);
  }

  /**
   * As above; with {@code probe} a square 1×1 convolution without bias, {@code probe<b>}, in front of
   * each input. Set to the identity it changes nothing, and its weight gradient is Σ over pixels of
   * (the input's gradient) ⊗ (the input): how a test reads DL4J's input gradients, which this DL4J
   * version does not return from a graph.
   */
  static ComputationGraph build(int[] channels, int[] heights, int[] widths, boolean alignCorners, double momentum,
      DataType dataType, IUpdater updater, boolean probe) {
    int n = channels.length;
    ComputationGraphConfiguration.GraphBuilder g = BranchInputGraphs.withBranchInputs(channels, heights, widths,
        dataType, updater);
    String[] x = BranchInputGraphs.inputs(g, channels, probe);
    String[] losses = new String[n];
    for (int i = 0; i < n; i++) {
      List<String> terms = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        String f = "f" + i + "_" + j + "_";
        if (j == i) {
          terms.add(x[j]);
        } else if (j > i) {
          g.addLayer(f + "0", conv(channels[j], channels[i], 1, 1), x[j]);
          g.addLayer(f + "0_bn", bn(channels[i], momentum), f + "0");
          g.addVertex(f + "up", new ResizeBilinearVertex(alignCorners), f + "0_bn", x[i]);
          terms.add(f + "up");
        } else {
          String in = x[j];
          for (int k = 0; k < i - j; k++) {
            boolean last = k == i - j - 1;
            int out = last ? channels[i] : channels[j];
            g.addLayer(f + k, conv(channels[j], out, 3, 2), in);
            g.addLayer(f + k + "_bn", bn(out, momentum), f + k);
            in = f + k + "_bn";
            if (!last) {
              g.addVertex(f + k + "_relu", new ReluInPlaceVertex(), in);
              in = f + k + "_relu";
            }
          }
          terms.add(in);
        }
      }
      g.addVertex("sum" + i, new SumInPlaceVertex(i == 0 ? 1 : 0), terms.toArray(String[]::new));
      g.addVertex("relu" + i, new ReluInPlaceVertex(), "sum" + i);
      losses[i] = "loss" + i;
      g.addLayer(losses[i], new CnnLossLayer.Builder(new GivenGradientLoss()).activation(Activation.IDENTITY)
          .build(), "relu" + i);
    }
    g.setOutputs(losses);
    ComputationGraph graph = new ComputationGraph(g.build());
    graph.init();
    return graph;
  }

  /** Copies every unit's weights, γ, β and running statistics into {@code graph}. */
  static void copyParameters(FuseLayer fuse, ComputationGraph graph) {
    for (ConvBnReluUnit u : fuse.units()) {
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

  private static ConvolutionLayer conv(int nIn, int nOut, int kernel, int stride) {
    return new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).padding(kernel / 2, kernel / 2)
        .nIn(nIn).nOut(nOut).hasBias(false).activation(Activation.IDENTITY).build();
  }

  private static BatchNormalization bn(int channels, double momentum) {
    return new BatchNormalization.Builder().nIn(channels).nOut(channels).eps(ConvBnReluUnit.BN_EPS)
        .decay(1.0 - momentum).useLogStd(false).build();
  }
}
