package org.hrnetbeam.train;

import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.loss.SegmentationCriterion;
import org.hrnetbeam.loss.SegmentationLossLayer;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.ParameterNames;
import org.hrnetbeam.model.ownstep.ChannelsLastNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradients from our own channels-last network ({@link ChannelsLastNetwork}) instead of DL4J's
 * backward pass. The graph stays the one store of weights: each step copies them in by state_dict
 * name, so parameter averaging, checkpoints and export see no difference, and writes every
 * gradient into the graph's flattened gradient vector for {@link PyTorchSgd}. The loss is the
 * graph's own criterion, applied to the network's logits. The backbone's convolutions write their
 * weight gradients straight into their views of that vector (the views live as long as the graph).
 */
final class ChannelsLastGradients implements StepGradients {
  private final HrnetModel model;
  private final SegmentationCriterion criterion;
  private final Map<String, INDArray> parameters;
  private final Map<String, INDArray> gradientSlots;
  /** Built for the first batch's shape; rebuilt only when the shape changes (crops are fixed in a run). */
  private ChannelsLastNetwork network;
  private long[] builtFor;

  ChannelsLastGradients(HrnetModel model) {
    this.model = model;
    this.criterion = criterionOf(model.graph());
    this.parameters = ParameterNames.named(model.graph());
    this.gradientSlots = ParameterNames.gradientViews(model.graph());
  }

  @Override
  public double compute(INDArray images, INDArray labels) {
    long[] shape = images.shape();
    if (!Arrays.equals(shape, builtFor)) {
      network = null;
      network = ChannelsLastNetwork.build(model.spec(), (int) shape[0], (int) shape[2], (int) shape[3], criterion);
      network.requireSameNames(parameters.keySet());
      network.bindWeightGradients(gradientSlots);
      builtFor = shape.clone();
    }
    network.load(parameters);
    double loss = network.step(images, labels);
    if (Double.isFinite(loss)) {
      network.storeGradients(gradientSlots);
    }
    return loss;
  }

  @Override
  public void updateRunningStatistics() {
    network.storeRunningStatistics(parameters);
  }

  @Override
  public void release() {
    // The network's arrays are reused by the next step; nothing is held per step.
  }

  private static SegmentationCriterion criterionOf(ComputationGraph graph) {
    org.deeplearning4j.nn.conf.layers.Layer output = graph.getOutputLayer(0).conf().getLayer();
    if (!(output instanceof SegmentationLossLayer loss)) {
      throw new IllegalArgumentException("the channels-last step needs the graph's output layer to be a "
          + "SegmentationLossLayer, found " + output.getClass().getSimpleName());
    }
    return loss.criterion();
  }
}
