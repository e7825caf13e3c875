package org.hrnetbeam.model;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The BN running-statistics update of one train-mode step, made to match PyTorch.
 *
 * <p>DL4J does not update running statistics in the forward pass: its backward pass emits, as the
 * "gradient" of {@code mean} and {@code var}, the step {@code m·(running − batch)} (m = 1 − decay =
 * the PyTorch momentum), and its updater subtracts it unchanged. Two differences from PyTorch
 * remain, both handled here:
 * <ul>
 *   <li>DL4J's batch variance is the biased one (÷n); PyTorch's running_var uses the unbiased one
 *       (÷(n − 1)), n = N·H·W of that layer (measured against the parity fixture: the difference is
 *       m·var/(n − 1), 7e-6 on bn1 there and far more on the coarse 2×4 branches);</li>
 *   <li>a trainer that applies gradients itself must apply these steps too.</li>
 * </ul>
 */
public final class RunningStatistics {
  private RunningStatistics() {
  }

  /**
   * Full update for a trainer that applies gradients itself: {@code running −= step} for mean and
   * var, then the unbiased-variance correction.
   *
   * @param inputShape the [N, C, H, W] shape of the batch that produced {@code gradient}
   */
  public static void apply(ComputationGraph graph, Gradient gradient, long[] inputShape) {
    for (Layer layer : graph.getLayers()) {
      if (layer instanceof BatchNormalization) {
        String name = layer.conf().getLayer().getLayerName();
        for (String key : new String[]{"mean", "var"}) {
          INDArray step = gradient.getGradientFor(name + "_" + key);
          if (step != null) {
            layer.getParam(key).subi(step);
          }
        }
      }
    }
    unbiasVariance(graph, gradient, inputShape);
  }

  /**
   * Only the correction, for use after DL4J's own updater (for example {@code fit}) has applied the
   * steps: adds {@code m·var_b/(n − 1)} to each running_var, where {@code var_b = running_before −
   * step/m} is the batch's biased variance recovered from the step.
   */
  public static void unbiasVariance(ComputationGraph graph, Gradient gradient, long[] inputShape) {
    Map<String, InputType> types = graph.getConfiguration().getLayerActivationTypes(
        InputType.convolutional(inputShape[2], inputShape[3], inputShape[1]));
    for (Layer layer : graph.getLayers()) {
      if (!(layer instanceof BatchNormalization)) {
        continue;
      }
      String name = layer.conf().getLayer().getLayerName();
      INDArray step = gradient.getGradientFor(name + "_var");
      if (step == null) {
        continue;
      }
      InputType.InputTypeConvolutional t = (InputType.InputTypeConvolutional) types.get(name);
      long n = inputShape[0] * t.getHeight() * t.getWidth();
      if (n < 2) {
        continue;
      }
      double m = 1.0 - ((org.deeplearning4j.nn.conf.layers.BatchNormalization) layer.conf().getLayer()).getDecay();
      INDArray runningAfter = layer.getParam("var");
      // running_after = running_before − step, and step = m·(running_before − var_b).
      INDArray batchVar = runningAfter.add(step).subi(step.div(m));
      runningAfter.addi(batchVar.muli(m / (n - 1)));
    }
  }
}
