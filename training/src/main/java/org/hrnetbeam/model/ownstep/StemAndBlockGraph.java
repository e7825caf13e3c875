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
import org.hrnetbeam.model.ReluInPlaceVertex;
import org.hrnetbeam.model.SumInPlaceVertex;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The same layers as {@link StemAndBlockChain}, built from DL4J's own layers (ConvolutionLayer
 * without bias, BatchNormalization, ActivationLayer ReLU, ElementWiseVertex add) in NCHW: the
 * independent computation the chain is checked against, and the DL4J side of its benchmark (there
 * also with the model's in-place ReLU and sum vertices).
 *
 * <p>Layer names: unit {@code u}'s convolution is {@code u}, its batch norm {@code u_bn}, its ReLU
 * {@code u_relu}; block2's sum is {@code block2_add}. The output layer {@code loss} is a
 * {@link GivenGradientLoss}: the labels passed to {@code fit} are the gradient of block2's ReLU
 * output. Mini-batch averaging is off, so DL4J's gradients are those of that sum, as the chain's.
 */
public final class StemAndBlockGraph {
  private StemAndBlockGraph() {
  }

  /** A graph for inputs [N, 3, height, width] of {@code dataType}, decay 1 − momentum, DL4J's ReLU and add. */
  public static ComputationGraph build(int height, int width, double momentum, DataType dataType, IUpdater updater) {
    return build(height, width, momentum, dataType, updater, false);
  }

  /**
   * As {@link #build(int, int, double, DataType, IUpdater)}; with {@code modelVertices} the ReLUs
   * and the sum are the model's in-place vertices ({@code ReluInPlaceVertex}, {@code SumInPlaceVertex}
   * into block2's BN output), as {@code HrnetGraphBuilder} wires them.
   */
  public static ComputationGraph build(int height, int width, double momentum, DataType dataType, IUpdater updater,
      boolean modelVertices) {
    int c = StemAndBlockChain.CHANNELS;
    ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
        .dataType(dataType).updater(updater).miniBatch(false).weightInit(WeightInit.XAVIER)
        .convolutionMode(ConvolutionMode.Truncate)
        .trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED)
        .graphBuilder()
        .addInputs("input")
        .setInputTypes(InputType.convolutional(height, width, 3));
    String last = unit(b, "stem1", "input", 3, c, 2, momentum, modelVertices);
    String stem = unit(b, "stem2", last, c, c, 2, momentum, modelVertices);
    last = unit(b, "block1", stem, c, c, 1, momentum, modelVertices);
    last = unit(b, "block2", last, c, c, 1, momentum, modelVertices);
    if (modelVertices) {
      // block2's BN output feeds only the sum, and BN's backward does not read its own output.
      b.addVertex("block2_add", new SumInPlaceVertex(0), last, stem);
      b.addVertex("block2_relu", new ReluInPlaceVertex(), "block2_add");
    } else {
      b.addVertex("block2_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), last, stem);
      b.addLayer("block2_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "block2_add");
    }
    b.addLayer("loss", new CnnLossLayer.Builder(new GivenGradientLoss()).activation(Activation.IDENTITY).build(),
        "block2_relu");
    b.setOutputs("loss");
    ComputationGraph graph = new ComputationGraph(b.build());
    graph.init();
    return graph;
  }

  /** Copies every unit's weights, γ, β and running statistics of {@code chain} into {@code graph}. */
  static void copyParameters(StemAndBlockChain chain, ComputationGraph graph) {
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

  /** Conv, BN and, except for block2 (whose ReLU follows the sum), a ReLU; returns the last name. */
  private static String unit(ComputationGraphConfiguration.GraphBuilder b, String name, String in, int nIn, int nOut,
      int stride, double momentum, boolean modelVertices) {
    b.addLayer(name, new ConvolutionLayer.Builder(3, 3).stride(stride, stride).padding(1, 1).nIn(nIn).nOut(nOut)
        .hasBias(false).activation(Activation.IDENTITY).build(), in);
    b.addLayer(name + "_bn", new BatchNormalization.Builder().nIn(nOut).nOut(nOut).eps(ConvBnReluUnit.BN_EPS)
        .decay(1.0 - momentum).useLogStd(false).build(), name);
    if (name.equals("block2")) {
      return name + "_bn";
    }
    if (modelVertices) {
      b.addVertex(name + "_relu", new ReluInPlaceVertex(), name + "_bn");
    } else {
      b.addLayer(name + "_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "_bn");
    }
    return name + "_relu";
  }
}
