package org.hrnetbeam.bench;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;

/**
 * Multiply-accumulates of every convolution of a graph for one image of a given size: the measure
 * the HRNet paper reports (÷ 2^30 as "GFLOPs"). BN, ReLU, sums and resizes are left out; they are a
 * few percent.
 */
public final class ConvCost {
  private ConvCost() {
  }

  /** Σ over conv layers of outH·outW·outC·inC·kh·kw for a 3-channel height×width input. */
  public static long macs(ComputationGraphConfiguration conf, long height, long width) {
    Map<String, InputType> types = conf.getLayerActivationTypes(InputType.convolutional(height, width, 3));
    long total = 0;
    for (Map.Entry<String, GraphVertex> v : conf.getVertices().entrySet()) {
      if (v.getValue() instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof ConvolutionLayer c) {
        InputType.InputTypeConvolutional out = (InputType.InputTypeConvolutional) types.get(v.getKey());
        total += out.getHeight() * out.getWidth() * c.getNOut() * c.getNIn()
            * c.getKernelSize()[0] * c.getKernelSize()[1];
      }
    }
    return total;
  }
}
