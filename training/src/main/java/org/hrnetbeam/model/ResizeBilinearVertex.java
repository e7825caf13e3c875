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
 * Configuration of a bilinear resize with a backward pass (DL4J M2.1 has none): input 0 is the
 * NCHW tensor to resize, input 1 only lends its height and width (HRNet resizes a coarse branch to
 * the size of a finer one, as the reference's {@code F.interpolate(size=x[i].shape[-2:])}). So the
 * graph works for any input size, odd ones included; the interpolation matrices are built per size
 * pair on first use and cached.
 */
public class ResizeBilinearVertex extends GraphVertex {
  private boolean alignCorners;

  public ResizeBilinearVertex(@JsonProperty("alignCorners") boolean alignCorners) {
    this.alignCorners = alignCorners;
  }

  public boolean isAlignCorners() {
    return alignCorners;
  }

  public void setAlignCorners(boolean alignCorners) {
    this.alignCorners = alignCorners;
  }

  @Override
  public ResizeBilinearVertex clone() {
    return new ResizeBilinearVertex(alignCorners);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResizeBilinearVertex v && v.alignCorners == alignCorners;
  }

  @Override
  public int hashCode() {
    return Boolean.hashCode(alignCorners) + 17;
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
    return 2;
  }

  @Override
  public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
    return new ResizeBilinearVertexImpl(graph, name, idx, alignCorners, networkDatatype);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
    if (vertexInputs.length != 2
        || !(vertexInputs[0] instanceof InputType.InputTypeConvolutional source)
        || !(vertexInputs[1] instanceof InputType.InputTypeConvolutional target)) {
      throw new InvalidInputTypeException("ResizeBilinearVertex needs two convolutional inputs, got "
          + java.util.Arrays.toString(vertexInputs));
    }
    return InputType.convolutional(target.getHeight(), target.getWidth(), source.getChannels());
  }

  @Override
  public MemoryReport getMemoryReport(InputType... inputTypes) {
    InputType out = getOutputType(-1, inputTypes);
    return new LayerMemoryReport.Builder(null, ResizeBilinearVertex.class, inputTypes[0], out)
        .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
  }

  @Override
  public String toString() {
    return "ResizeBilinearVertex(alignCorners=" + alignCorners + ")";
  }
}
