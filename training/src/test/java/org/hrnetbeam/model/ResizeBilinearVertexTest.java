package org.hrnetbeam.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The resize vertex inside a real graph: its forward equals an independent per-pixel bilinear
 * evaluation, and the gradients it passes back equal central finite differences (float64).
 */
class ResizeBilinearVertexTest {

  @ParameterizedTest(name = "{0}x{1} -> {2}x{3}, alignCorners={4}")
  @CsvSource({
    "3, 5, 18, 34, false",
    "5, 9, 18, 34, true",
    "9, 17, 18, 34, false",
    "7, 4, 3, 6, true",
    "4, 4, 4, 4, false",
  })
  void forwardAndFiniteDifferenceGradient(int h, int w, int ho, int wo, boolean align) {
    Nd4j.getRandom().setSeed(42);
    ComputationGraph graph = graph(align);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, h, w);
    INDArray size = Nd4j.zeros(DataType.DOUBLE, 2, 1, ho, wo);
    INDArray weights = Nd4j.rand(DataType.DOUBLE, 2, 3, ho, wo).subi(0.5);

    INDArray out = graph.output(false, x, size)[0];
    INDArray conv = graph.feedForward(new INDArray[]{x, size}, false).get("conv");
    assertArrayEquals(new long[]{2, 3, ho, wo}, out.shape());
    assertEquals(0.0, out.sub(reference(conv, ho, wo, align)).amaxNumber().doubleValue(), 1e-12);

    // Loss = Σ out ⊙ weights, so d loss / d out = weights.
    graph.setInputs(x, size);
    graph.feedForward(new INDArray[]{x, size}, true, false);
    Gradient g = graph.backpropGradient(weights);
    INDArray analytic = g.getGradientFor("conv_W").dup();
    INDArray w0 = graph.getLayer("conv").getParam("W");
    double eps = 1e-6;
    for (int i = 0; i < w0.length(); i++) {
      double keep = w0.getDouble(i);
      w0.putScalar(i, keep + eps);
      double plus = graph.output(false, x, size)[0].mul(weights).sumNumber().doubleValue();
      w0.putScalar(i, keep - eps);
      double minus = graph.output(false, x, size)[0].mul(weights).sumNumber().doubleValue();
      w0.putScalar(i, keep);
      double numeric = (plus - minus) / (2 * eps);
      assertEquals(numeric, analytic.getDouble(i), 1e-7 * Math.max(1, Math.abs(numeric)),
          "gradient of conv_W[" + i + "]");
    }
  }

  /** A 1×1 conv (the parameters whose gradient we check) feeding the resize. */
  private static ComputationGraph graph(boolean align) {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
        .dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
        .convolutionMode(ConvolutionMode.Truncate)
        .trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED)
        .graphBuilder()
        .addInputs("x", "size")
        .addLayer("conv", new ConvolutionLayer.Builder(1, 1).nIn(2).nOut(3).hasBias(true)
            .activation(Activation.IDENTITY).build(), "x")
        .addVertex("up", new ResizeBilinearVertex(align), "conv", "size")
        .setOutputs("up")
        .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    return graph;
  }

  /** Direct per-pixel bilinear evaluation of PyTorch's formula, independent of the matrices. */
  private static INDArray reference(INDArray x, int ho, int wo, boolean align) {
    int h = (int) x.size(2);
    int w = (int) x.size(3);
    INDArray out = Nd4j.create(DataType.DOUBLE, x.size(0), x.size(1), ho, wo);
    for (int n = 0; n < x.size(0); n++) {
      for (int c = 0; c < x.size(1); c++) {
        for (int i = 0; i < ho; i++) {
          double sy = BilinearWeights.sourceCoordinate(i, h, ho, align);
          int y0 = (int) Math.floor(sy);
          int y1 = Math.min(y0 + 1, h - 1);
          double ly = sy - y0;
          for (int j = 0; j < wo; j++) {
            double sx = BilinearWeights.sourceCoordinate(j, w, wo, align);
            int x0 = (int) Math.floor(sx);
            int x1 = Math.min(x0 + 1, w - 1);
            double lx = sx - x0;
            double v = (1 - ly) * ((1 - lx) * x.getDouble(n, c, y0, x0) + lx * x.getDouble(n, c, y0, x1))
                + ly * ((1 - lx) * x.getDouble(n, c, y1, x0) + lx * x.getDouble(n, c, y1, x1));
            out.putScalar(new long[]{n, c, i, j}, v);
          }
        }
      }
    }
    return out;
  }
}
