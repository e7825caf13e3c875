package org.hrnetbeam.model.ownstep;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The start the DL4J comparison graphs of the multi-branch pieces share ({@link FuseLayerGraph},
 * {@link TransitionGraph}, {@link HeadGraph}): one input {@code x<b>} per branch, mini-batch
 * averaging off (the pieces' gradients are sums), and optionally a probe per input.
 */
final class BranchInputGraphs {
  private BranchInputGraphs() {
  }

  /** A graph builder with inputs {@code x0..x<n−1>} of the given NCHW sizes. */
  static ComputationGraphConfiguration.GraphBuilder withBranchInputs(int[] channels, int[] heights, int[] widths,
      DataType dataType, IUpdater updater) {
    int n = channels.length;
    String[] names = new String[n];
    InputType[] types = new InputType[n];
    for (int b = 0; b < n; b++) {
      names[b] = "x" + b;
      types[b] = InputType.convolutional(heights[b], widths[b], channels[b]);
    }
    return new NeuralNetConfiguration.Builder()
        .dataType(dataType).updater(updater).miniBatch(false).weightInit(WeightInit.XAVIER)
        .convolutionMode(ConvolutionMode.Truncate)
        .trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED)
        .graphBuilder()
        .addInputs(names)
        .setInputTypes(types);
  }

  /**
   * The names the piece reads its inputs from: {@code x<b>}, or with {@code probe} a square 1×1
   * convolution without bias, {@code probe<b>}, in front of each input. Set to the identity a probe
   * changes nothing, and its weight gradient is Σ over pixels of (the input's gradient) ⊗ (the
   * input): how a test reads DL4J's input gradients, which this DL4J version does not return from a
   * graph.
   */
  static String[] inputs(ComputationGraphConfiguration.GraphBuilder g, int[] channels, boolean probe) {
    String[] x = new String[channels.length];
    for (int b = 0; b < channels.length; b++) {
      x[b] = "x" + b;
      if (probe) {
        g.addLayer("probe" + b, new ConvolutionLayer.Builder(1, 1).stride(1, 1).nIn(channels[b]).nOut(channels[b])
            .hasBias(false).activation(Activation.IDENTITY).build(), x[b]);
        x[b] = "probe" + b;
      }
    }
    return x;
  }
}
