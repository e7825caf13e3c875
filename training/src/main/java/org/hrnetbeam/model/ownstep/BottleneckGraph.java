package org.hrnetbeam.model.ownstep;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The same layers as {@link BottleneckChain} from DL4J's own layers (ConvolutionLayer without bias,
 * BatchNormalization, ActivationLayer ReLU, ElementWiseVertex add), NCHW: the independent
 * computation the chain is checked against, and the DL4J side of its benchmark.
 *
 * <p>Layer names: unit {@code u}'s convolution is {@code u}, its batch norm {@code u_bn}, its ReLU
 * {@code u_relu} (none for conv3 and downsample); the sum is {@code add}, the last ReLU
 * {@code relu}, the output a {@link GivenGradientLoss} named {@code loss}. Mini-batch averaging off.
 */
public final class BottleneckGraph {
  private BottleneckGraph() {
  }

  /** A graph for inputs [N, inChannels, height, width]; decay 1 − momentum. */
  public static ComputationGraph build(int inChannels, int height, int width, int planes, int expansion,
      double momentum, DataType dataType, IUpdater updater) {
    return build(inChannels, height, width, planes, expansion, momentum, dataType, updater, false);
  }

  /**
   * As above; with {@code probe} a 1×1 convolution {@code probe} (inChannels → inChannels, no bias)
   * sits between the input and the block. Set to the identity it changes nothing, and its weight
   * gradient is Σ over pixels of (the block's input gradient) ⊗ (the input): how a test reads
   * DL4J's input gradient, which this DL4J version does not return from a graph.
   */
  static ComputationGraph build(int inChannels, int height, int width, int planes, int expansion,
      double momentum, DataType dataType, IUpdater updater, boolean probe) {
    int out = planes * expansion;
    ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
        .dataType(dataType).updater(updater).miniBatch(false).weightInit(WeightInit.XAVIER)
        .convolutionMode(ConvolutionMode.Truncate)
        .trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED)
        .graphBuilder()
        .addInputs("input")
        .setInputTypes(InputType.convolutional(height, width, inChannels));
    String in = "input";
    if (probe) {
      b.addLayer("probe", new ConvolutionLayer.Builder(1, 1).nIn(inChannels).nOut(inChannels).hasBias(false)
          .activation(Activation.IDENTITY).build(), "input");
      in = "probe";
    }
    String x = unit(b, "conv1", in, inChannels, planes, 1, momentum, true);
    x = unit(b, "conv2", x, planes, planes, 3, momentum, true);
    x = unit(b, "conv3", x, planes, out, 1, momentum, false);
    String identity = inChannels == out ? in : unit(b, "downsample", in, inChannels, out, 1, momentum, false);
    b.addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), x, identity);
    b.addLayer("relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "add");
    b.addLayer("loss", new CnnLossLayer.Builder(new GivenGradientLoss()).activation(Activation.IDENTITY).build(),
        "relu");
    b.setOutputs("loss");
    ComputationGraph graph = new ComputationGraph(b.build());
    graph.init();
    return graph;
  }

  /** Copies every unit's weights, γ, β and running statistics of {@code chain} into {@code graph}. */
  static void copyParameters(BottleneckChain chain, ComputationGraph graph) {
    for (ConvBnReluUnit u : chain.units()) {
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

  /** Conv (padding kernel / 2), BN and, with {@code relu}, a ReLU; returns the last layer's name. */
  private static String unit(ComputationGraphConfiguration.GraphBuilder b, String name, String in, int nIn, int nOut,
      int kernel, double momentum, boolean relu) {
    b.addLayer(name, new ConvolutionLayer.Builder(kernel, kernel).stride(1, 1).padding(kernel / 2, kernel / 2)
        .nIn(nIn).nOut(nOut).hasBias(false).activation(Activation.IDENTITY).build(), in);
    b.addLayer(name + "_bn", new BatchNormalization.Builder().nIn(nOut).nOut(nOut).eps(ConvBnReluUnit.BN_EPS)
        .decay(1.0 - momentum).useLogStd(false).build(), name);
    if (!relu) {
      return name + "_bn";
    }
    b.addLayer(name + "_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "_bn");
    return name + "_relu";
  }
}
