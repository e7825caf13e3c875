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
import org.hrnetbeam.model.ResizeBilinearVertex;
import org.hrnetbeam.model.SumInPlaceVertex;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The same layers as {@link FuseUpStep} from DL4J's layers and the model's resize vertex, NCHW:
 * inputs {@code high} and {@code low}; {@code fuse} (1×1 ConvolutionLayer without bias),
 * {@code fuse_bn}, {@code up} ({@link ResizeBilinearVertex} to the high input's size), {@code add}
 * (ElementWiseVertex, or the model's in-place sum), {@code relu} (ActivationLayer, or the model's
 * in-place ReLU), {@code loss} (a {@link GivenGradientLoss}).
 * Mini-batch averaging off. The independent computation the step is checked against, and the DL4J
 * side of its benchmark.
 */
public final class FuseGraph {
  private FuseGraph() {
  }

  /** A graph for inputs high [N, highC, highH, highW] and low [N, lowC, lowH, lowW]; decay 1 − momentum. */
  public static ComputationGraph build(int highChannels, int highHeight, int highWidth, int lowChannels,
      int lowHeight, int lowWidth, boolean alignCorners, double momentum, DataType dataType, IUpdater updater) {
    return build(highChannels, highHeight, highWidth, lowChannels, lowHeight, lowWidth, alignCorners, momentum,
        dataType, updater, false, false);
  }

  /**
   * As above with {@code modelVertices}: the sum and the ReLU are the model's in-place vertices
   * ({@link SumInPlaceVertex} into the upsampled term, {@link ReluInPlaceVertex}), as
   * {@code HrnetGraphBuilder} builds a fuse into branch 0; otherwise DL4J's ElementWiseVertex and
   * ActivationLayer.
   */
  public static ComputationGraph build(int highChannels, int highHeight, int highWidth, int lowChannels,
      int lowHeight, int lowWidth, boolean alignCorners, double momentum, DataType dataType, IUpdater updater,
      boolean modelVertices) {
    return build(highChannels, highHeight, highWidth, lowChannels, lowHeight, lowWidth, alignCorners, momentum,
        dataType, updater, modelVertices, false);
  }

  /**
   * As above; with {@code probe} each input first passes a 1×1 convolution without bias
   * ({@code probe_high}, {@code probe_low}, square). Set to the identity they change nothing, and
   * their weight gradients are Σ over pixels of (the input's gradient) ⊗ (the input): how a test
   * reads DL4J's input gradients, which this DL4J version does not return from a graph.
   */
  static ComputationGraph build(int highChannels, int highHeight, int highWidth, int lowChannels, int lowHeight,
      int lowWidth, boolean alignCorners, double momentum, DataType dataType, IUpdater updater, boolean modelVertices,
      boolean probe) {
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
      b.addLayer("probe_high", conv1x1(highChannels, highChannels), "high");
      b.addLayer("probe_low", conv1x1(lowChannels, lowChannels), "low");
      high = "probe_high";
      low = "probe_low";
    }
    b.addLayer("fuse", conv1x1(lowChannels, highChannels), low);
    b.addLayer("fuse_bn", new BatchNormalization.Builder().nIn(highChannels).nOut(highChannels)
        .eps(ConvBnReluUnit.BN_EPS).decay(1.0 - momentum).useLogStd(false).build(), "fuse");
    b.addVertex("up", new ResizeBilinearVertex(alignCorners), "fuse_bn", high);
    if (modelVertices) {
      b.addVertex("add", new SumInPlaceVertex(1), high, "up");
      b.addVertex("relu", new ReluInPlaceVertex(), "add");
    } else {
      b.addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), high, "up");
      b.addLayer("relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "add");
    }
    b.addLayer("loss", new CnnLossLayer.Builder(new GivenGradientLoss()).activation(Activation.IDENTITY).build(),
        "relu");
    b.setOutputs("loss");
    ComputationGraph graph = new ComputationGraph(b.build());
    graph.init();
    return graph;
  }

  /** Copies the step's weights, γ, β and running statistics into {@code graph}. */
  static void copyParameters(FuseUpStep step, ComputationGraph graph) {
    for (ConvBnReluUnit u : step.units()) {
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

  private static ConvolutionLayer conv1x1(int nIn, int nOut) {
    return new ConvolutionLayer.Builder(1, 1).stride(1, 1).nIn(nIn).nOut(nOut).hasBias(false)
        .activation(Activation.IDENTITY).build();
  }
}
