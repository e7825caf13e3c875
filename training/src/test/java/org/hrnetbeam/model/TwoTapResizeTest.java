package org.hrnetbeam.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The float32 two-tap resize and its gradient against the float64 matrix products (whose gradient
 * {@code ResizeBilinearVertexTest} checks by finite differences), on odd, growing and shrinking
 * sizes in both conventions, with an input that starts inside a bigger buffer.
 */
class TwoTapResizeTest {

  @ParameterizedTest(name = "{0}x{1} -> {2}x{3}, alignCorners={4}")
  @CsvSource({"3, 5, 18, 34, false", "3, 5, 18, 34, true", "9, 17, 72, 136, false", "16, 32, 64, 128, true",
      "7, 6, 4, 5, false", "5, 5, 5, 9, true"})
  void forwardAndGradientEqualTheMatrixProducts(int h, int w, int ho, int wo, boolean align) {
    Nd4j.getRandom().setSeed(h * 100 + wo);
    INDArray x = Nd4j.randn(DataType.FLOAT, 3, 4, h, w).get(NDArrayIndex.interval(1, 3), NDArrayIndex.all(),
        NDArrayIndex.all(), NDArrayIndex.all());
    INDArray g = Nd4j.randn(DataType.FLOAT, 2, 4, ho, wo);
    BilinearTaps rows = BilinearTaps.of(h, ho, align);
    BilinearTaps cols = BilinearTaps.of(w, wo, align);

    INDArray out = Nd4j.create(DataType.FLOAT, 2, 4, ho, wo);
    TwoTapResize.forward(x, rows, cols, out);
    INDArray dx = Nd4j.create(DataType.FLOAT, 2, 4, h, w);
    TwoTapResize.backward(g, rows, cols, dx);

    assertClose(BilinearResize.resize(x.castTo(DataType.DOUBLE), ho, wo, align), out, "forward");
    assertClose(BilinearResize.backward(g.castTo(DataType.DOUBLE), h, w, align), dx, "gradient");
  }

  private static void assertClose(INDArray expected, INDArray actual, String what) {
    double scale = Math.max(1, expected.amaxNumber().doubleValue());
    for (long i = 0; i < expected.length(); i++) {
      assertEquals(expected.getDouble(i), actual.getDouble(i), 2e-6 * scale, what + " at " + i);
    }
  }
}
