package org.hrnetbeam.model;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime side of {@link SumInPlaceVertex}: forward Σ inputs (into input {@code into} when training,
 * where every activation stays in one workspace until the backward pass); backward ε to every input.
 */
public class SumInPlaceVertexImpl extends ParameterlessVertexImpl {
  private final int into;

  public SumInPlaceVertexImpl(ComputationGraph graph, String name, int index, int into, DataType dataType) {
    super(graph, name, index, dataType);
    this.into = into;
  }

  @Override
  public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
    requireInputs();
    if (into >= inputs.length) {
      throw new IllegalStateException("vertex " + vertexName + ": sums into input " + into + " of "
          + inputs.length);
    }
    INDArray first = inputs[into];
    for (int i = 0; i < inputs.length; i++) {
      if (!java.util.Arrays.equals(inputs[i].shape(), first.shape())) {
        throw new IllegalArgumentException("vertex " + vertexName + ": input " + i + " has shape "
            + java.util.Arrays.toString(inputs[i].shape()) + ", input " + into + " "
            + java.util.Arrays.toString(first.shape()));
      }
    }
    // Inference alternates two activation workspaces: the output must live in the current one, so
    // it is a new array there, written by the first addition (not a copy first).
    INDArray out = training ? first
        : workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, first.dataType(), first.shape(), 'c');
    INDArray sum = first;
    for (int i = 0; i < inputs.length; i++) {
      if (i != into) {
        Nd4j.exec(new AddOp(sum, inputs[i], out));
        sum = out;
      }
    }
    if (sum != out) {
      out.assign(first);
    }
    return out;
  }

  @Override
  public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoBackward()) {
      throw new IllegalStateException("vertex " + vertexName + ": epsilon not set");
    }
    // One array per input: the graph may accumulate other gradients into any of them in place.
    INDArray[] eps = new INDArray[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      eps[i] = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon);
    }
    return new Pair<>(new DefaultGradient(), eps);
  }

  @Override
  public String toString() {
    return "SumInPlaceVertexImpl(name=" + vertexName + ", into=" + into + ")";
  }
}
