package org.hrnetbeam.model;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J convolution layer (configuration side) whose runtime, {@link ReusingConvolutionImpl}, keeps
 * a reference to its training output for the backward pass instead of DL4J's copy of it.
 *
 * <p>Why: with {@code CacheMode.DEVICE} DL4J duplicates every conv output into the activation
 * workspace so that the backward pass need not re-run the convolution; with {@code CacheMode.NONE}
 * it re-runs it. For an identity-activation conv (all of HRNet's) the output already is that
 * pre-activation and stays in the same workspace until the backward pass, so the copy is pure
 * waste: a third of HRNet's training activations (measured with {@code MemoryBreakdown}).
 * Same parameters, names and maths as {@link ConvolutionLayer}.
 */
public class ReusingConvolution extends ConvolutionLayer {

  /** For JSON deserialisation of saved models. */
  protected ReusingConvolution() {
    super();
  }

  private ReusingConvolution(ConvolutionLayer.Builder builder) {
    super(builder);
  }

  /** The layer {@code builder} describes (validated by DL4J's own {@code build()}), as a reusing one. */
  public static ReusingConvolution of(ConvolutionLayer.Builder builder) {
    builder.build();
    return new ReusingConvolution(builder);
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
      INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    ReusingConvolutionImpl layer = new ReusingConvolutionImpl(conf, networkDataType);
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(layerParamsView);
    Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
    layer.setParamTable(params);
    layer.setConf(conf);
    return layer;
  }
}
