package org.hrnetbeam.model;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ReLU that overwrites its input instead of copying it, as PyTorch's {@code ReLU(inplace=True)} in
 * the reference. DL4J's {@code ActivationLayer} duplicates its input in training (one extra
 * activation-sized array per ReLU, about a hundred in HRNet). Only valid where the input feeds
 * nothing else and its producer's backward pass does not read its own output: true for every
 * BN → ReLU and sum → ReLU pair {@link HrnetGraphBuilder} makes.
 */
public class ReluInPlaceVertex extends GraphVertex {

  @Override
  public ReluInPlaceVertex clone() {
    return new ReluInPlaceVertex();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReluInPlaceVertex;
  }

  @Override
  public int hashCode() {
    return ReluInPlaceVertex.class.hashCode();
  }

  @Override
  public long numParams(boolean backprop) {
    return 0;
  }

  @Override
  public int minVertexInputs() {
    return 1;
  }

  @Override
  public int maxVertexInputs() {
    return 1;
  }

  @Override
  public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
      INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
    return new ReluInPlaceVertexImpl(graph, name, idx, networkDatatype);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
    return vertexInputs[0];
  }

  @Override
  public MemoryReport getMemoryReport(InputType... inputTypes) {
    return new LayerMemoryReport.Builder(null, ReluInPlaceVertex.class, inputTypes[0], inputTypes[0])
        .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
  }

  @Override
  public String toString() {
    return "ReluInPlaceVertex()";
  }
}
