package org.hrnetbeam.model;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference {@code init_weights()}: every conv weight ~ N(0, 0.001); BN weight 1, bias 0 (and
 * fresh running statistics 0 / 1). The reference leaves conv biases (only the head has them) at
 * PyTorch's default U(−1/√fanIn, 1/√fanIn), so we draw them the same way.
 */
public final class ReferenceInitializer {
  private ReferenceInitializer() {
  }

  /** Overwrites every parameter of {@code graph} in place, deterministically from {@code seed}. */
  public static void initialise(ComputationGraph graph, long seed) {
    // Java's generator, not ND4J's: the same seed gives the same weights on every backend.
    java.util.Random rng = new java.util.Random(seed);
    for (Layer layer : graph.getLayers()) {
      Map<String, INDArray> params = layer.paramTable();
      if (layer instanceof ConvolutionLayer) {
        INDArray w = params.get("W");
        w.assign(draw(w, () -> 0.001 * rng.nextGaussian()));
        INDArray b = params.get("b");
        if (b != null) {
          double bound = 1.0 / Math.sqrt((double) w.length() / w.size(0));
          b.assign(draw(b, () -> bound * (2 * rng.nextDouble() - 1)));
        }
      } else if (layer instanceof BatchNormalization) {
        params.get("gamma").assign(1.0);
        params.get("beta").assign(0.0);
        params.get("mean").assign(0.0);
        params.get("var").assign(1.0);
      }
    }
  }

  private static INDArray draw(INDArray like, java.util.function.DoubleSupplier source) {
    float[] values = new float[(int) like.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) source.getAsDouble();
    }
    return Nd4j.create(values, like.shape(), 'c').castTo(like.dataType());
  }
}
