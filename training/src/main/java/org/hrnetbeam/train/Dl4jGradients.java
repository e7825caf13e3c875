package org.hrnetbeam.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.model.RunningStatistics;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Gradients from DL4J's own forward and backward pass through the graph and its loss layer. */
final class Dl4jGradients implements StepGradients {
  private final ComputationGraph graph;
  private long[] inputShape;

  Dl4jGradients(ComputationGraph graph) {
    this.graph = graph;
  }

  @Override
  public double compute(INDArray images, INDArray labels) {
    graph.setInputs(images);
    graph.setLabels(labels.castTo(images.dataType()).reshape(labels.size(0), 1, labels.size(1), labels.size(2)));
    inputShape = images.shape();
    graph.computeGradientAndScore();
    return graph.score();
  }

  @Override
  public void updateRunningStatistics() {
    RunningStatistics.apply(graph, graph.gradient(), inputShape);
  }

  @Override
  public void release() {
    graph.clearLayersStates();
  }
}
