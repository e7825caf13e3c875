package org.hrnetbeam.model.ownstep;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.hrnetbeam.model.ReluInPlaceVertex;
import org.hrnetbeam.model.ResizeBilinearVertex;
import org.hrnetbeam.model.SumInPlaceVertex;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The same layers as {@link TwoBranchFuse} in DL4J, NCHW, with the model's resize, in-place sum and
 * in-place ReLU vertices as {@code HrnetGraphBuilder} builds a two-branch fuse: inputs {@code high},
 * {@code low}; {@code up} (1×1 conv), {@code up_bn}, {@code up_resize}, {@code sum0}, {@code relu0},
 * {@code loss0}; {@code down} (3×3 stride-2 conv, padding 1), {@code down_bn}, {@code sum1},
 * {@code relu1}, {@code loss1} ({@link GivenGradientLoss} outputs). Mini-batch averaging off.
 */
public final class TwoBranchFuseGraph {
  private TwoBranchFuseGraph() {
  }

  /** A graph for inputs high [N, highC, highH, highW] and low [N, lowC, lowH, lowW]; decay 1 − momentum. */
  public static ComputationGraph build(int highChannels, int highHeight, int highWidth, int lowChannels,
      int lowHeight, int lowWidth, boolean alignCorners, double momentum, DataType dataType, IUpdater updater) {
    return build(highChannels, highHeight, highWidth, lowChannels, lowHeight, lowWidth, alignCorners, momentum,
        dataType, updater, false);
  }

  /** As above; with {@code probe} identity-settable 1×1 probes in front of both inputs (see {@link FuseGraph}). */
  static ComputationGraph build(int highChannels, int highHeight, int highWidth, int lowChannels, int lowHeight,
      int lowWidth, boolean alignCorners, double momentum, DataType dataType, IUpdater updater, boolean probe) {
    ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
        .dataType(dataType).updater(updater).miniBatch(false).weightInit(WeightInit.XAVIER)
        .convolutionMode(ConvolutionMode.Truncate)
        .trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED)
        .graphBuilder()
        .addInputs("high", "low")
        .setInputTypes(InputType.convolutional(highHeight, highWidth, highChannels),
            InputType.convolutional(lowHeight, lowWidth, lowChannels));
    String high = "high";
    String low = "low";
    if (probe) {
      b.addLayer("probe_high", conv(highChannels, highChannels, 1, 1), "high");
      b.addLayer("probe_low", conv(lowChannels, lowChannels, 1, 1), "low");
      high = "probe_high";
      low = "probe_low";
    }
    b.addLayer("up", conv(lowChannels, highChannels, 1, 1), low);
    b.addLayer("up_bn", bn(highChannels, momentum), "up");
    b.addVertex("up_resize", new ResizeBilinearVertex(alignCorners), "up_bn", high);
    // As HrnetGraphBuilder: each sum accumulates into the term private to it, never a branch output.
    b.addVertex("sum0", new SumInPlaceVertex(1), high, "up_resize");
    b.addVertex("relu0", new ReluInPlaceVertex(), "sum0");
    b.addLayer("down", conv(highChannels, lowChannels, 3, 2), high);
    b.addLayer("down_bn", bn(lowChannels, momentum), "down");
    b.addVertex("sum1", new SumInPlaceVertex(0), "down_bn", low);
    b.addVertex("relu1", new ReluInPlaceVertex(), "sum1");
    b.addLayer("loss0", new CnnLossLayer.Builder(new GivenGradientLoss()).activation(Activation.IDENTITY).build(),
        "relu0");
    b.addLayer("loss1", new CnnLossLayer.Builder(new GivenGradientLoss()).activation(Activation.IDENTITY).build(),
        "relu1");
    b.setOutputs("loss0", "loss1");
    ComputationGraph graph = new ComputationGraph(b.build());
    graph.init();
    return graph;
  }

  /** Copies the fuse layer's weights, γ, β and running statistics into {@code graph}. */
  static void copyParameters(TwoBranchFuse fuse, ComputationGraph graph) {
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
