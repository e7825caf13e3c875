package org.hrnetbeam.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.hrnetbeam.model.dnnl.ConvGeometry;

/**
 * The convolutions of a built graph for one input size: each layer's geometry and whether batch
 * norms are its only readers (then the model writes its output channels last).
 */
final class ConvLayers {
  private ConvLayers() {
  }

  /** One conv layer of the graph. */
  record Layer(String name, ConvGeometry geometry, boolean feedsOnlyBatchNorm) {
  }

  static List<Layer> of(ComputationGraphConfiguration conf, int batch, int height, int width) {
    InputType inputType = InputType.convolutional(height, width, 3);
    Map<String, InputType> types = conf.getLayerActivationTypes(inputType);
    Map<String, List<String>> inputs = conf.getVertexInputs();
    List<Layer> layers = new ArrayList<>();
    for (Map.Entry<String, GraphVertex> v : conf.getVertices().entrySet()) {
      if (!(v.getValue() instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof ConvolutionLayer c)) {
        continue;
      }
      if (c.getConvolutionMode() == ConvolutionMode.Same || c.getDilation()[0] != 1 || c.getDilation()[1] != 1) {
        throw new IllegalStateException("conv layer " + v.getKey() + " uses 'same' mode or dilation: not benchmarked");
      }
      String source = inputs.get(v.getKey()).get(0);
      InputType.InputTypeConvolutional in = (InputType.InputTypeConvolutional) (conf.getNetworkInputs().contains(source)
          ? inputType : types.get(source));
      InputType.InputTypeConvolutional out = (InputType.InputTypeConvolutional) types.get(v.getKey());
      ConvGeometry g = new ConvGeometry(batch, in.getChannels(), in.getHeight(), in.getWidth(), c.getNOut(),
          out.getHeight(), out.getWidth(), c.getKernelSize()[0], c.getKernelSize()[1], c.getStride()[0],
          c.getStride()[1], c.getPadding()[0], c.getPadding()[1], c.hasBias());
      layers.add(new Layer(v.getKey(), g, onlyBatchNormReaders(conf, v.getKey())));
    }
    return layers;
  }

  private static boolean onlyBatchNormReaders(ComputationGraphConfiguration conf, String name) {
    boolean any = false;
    for (Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
      if (!e.getValue().contains(name)) {
        continue;
      }
      any = true;
      GraphVertex reader = conf.getVertices().get(e.getKey());
      if (!(reader instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BatchNormalization)) {
        return false;
      }
    }
    return any && !conf.getNetworkOutputs().contains(name);
  }
}
