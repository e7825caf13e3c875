package org.hrnetbeam.model;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Element-wise sum of its inputs that, in training, accumulates into one of them (input number
 * {@code into}) instead of a new array, as the reference's {@code out += residual} and the fusion
 * sums do. DL4J's {@code ElementWiseVertex} allocates a new activation-sized output per sum, all
 * kept until the backward pass (about 1.1 GiB for W48 at 512×1024, batch 2).
 *
 * <p>Only valid where input {@code into} feeds nothing else and its producer's backward pass does
 * not read its own output: {@link HrnetGraphBuilder} picks a BN output without ReLU or a resize
 * output, never a branch output that other vertices also read.
 */
public class SumInPlaceVertex extends GraphVertex {
  private int into;

  public SumInPlaceVertex(@JsonProperty("into") int into) {
    if (into < 0) {
      throw new IllegalArgumentException("SumInPlaceVertex: input index must be >= 0, got " + into);
    }
    this.into = into;
  }

  /** Index of the input the sum is written into when training. */
  public int getInto() {
    return into;
  }

  public void setInto(int into) {
    this.into = into;
  }

  @Override
  public SumInPlaceVertex clone() {
    return new SumInPlaceVertex(into);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SumInPlaceVertex s && s.into == into;
  }

  @Override
  public int hashCode() {
    return SumInPlaceVertex.class.hashCode() * 31 + into;
  }

  @Override
  public long numParams(boolean backprop) {
    return 0;
  }

  @Override
  public int minVertexInputs() {
    return 2;
  }

  @Override
  public int maxVertexInputs() {
    return Integer.MAX_VALUE;
  }

  @Override
  public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
      INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
    return new SumInPlaceVertexImpl(graph, name, idx, into, networkDatatype);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
    for (InputType t : vertexInputs) {
      if (t.arrayElementsPerExample() != vertexInputs[0].arrayElementsPerExample()) {
        throw new InvalidInputTypeException("SumInPlaceVertex needs inputs of one shape, got "
            + java.util.Arrays.toString(vertexInputs));
      }
    }
    return vertexInputs[0];
  }

  @Override
  public MemoryReport getMemoryReport(InputType... inputTypes) {
    return new LayerMemoryReport.Builder(null, SumInPlaceVertex.class, inputTypes[0], inputTypes[0])
        .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
  }

  @Override
  public String toString() {
    return "SumInPlaceVertex(into=" + into + ")";
  }
}
