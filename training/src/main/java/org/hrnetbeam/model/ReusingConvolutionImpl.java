package org.hrnetbeam.model;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime side of {@link ReusingConvolution}: DL4J's convolution, run without its forward cache,
 * remembering its own training output as the pre-activation the backward pass asks for.
 *
 * <p>DL4J's backward with a layer helper (oneDNN here) takes the remembered pre-activation instead
 * of re-running the convolution. The output is only reused when the activation is the identity (so
 * output and pre-activation are the same values) and the forward was a training one; after an
 * inference forward nothing is remembered and DL4J recomputes as usual.
 */
public class ReusingConvolutionImpl extends ConvolutionLayer {

  public ReusingConvolutionImpl(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public void setCacheMode(CacheMode mode) {
    // DL4J's cache is the copy this class avoids.
    super.setCacheMode(CacheMode.NONE);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    cacheMode = CacheMode.NONE;
    preOutput = null;
    INDArray out = super.activate(training, workspaceMgr);
    if (training && layerConf().getActivationFn() instanceof ActivationIdentity) {
      // The output lives in the training activation workspace until the backward pass has run;
      // nothing downstream writes into a conv output in place (BN reads it, the sums copy).
      preOutput = out;
    }
    return out;
  }
}
