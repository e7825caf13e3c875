package org.hrnetbeam.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What our graph vertices without parameters or masks (resize, in-place ReLU, in-place sum) share:
 * DL4J asks every vertex about its layer, parameter view and masks, and these answer "none".
 */
abstract class ParameterlessVertexImpl extends BaseGraphVertex {
  ParameterlessVertexImpl(ComputationGraph graph, String name, int index, DataType dataType) {
    super(graph, name, index, null, null, dataType);
  }

  @Override
  public boolean hasLayer() {
    return false;
  }

  @Override
  public Layer getLayer() {
    return null;
  }

  @Override
  public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
    if (backpropGradientsViewArray != null) {
      throw new IllegalStateException("vertex " + vertexName + " has no parameters");
    }
  }

  @Override
  public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
      int minibatchSize) {
    return new Pair<>(null, currentMaskState);
  }

  /** Fails, naming the vertex, when the graph called forward before setting every input. */
  protected void requireInputs() {
    if (!canDoForward()) {
      throw new IllegalStateException("vertex " + vertexName + ": inputs not set");
    }
  }
}
