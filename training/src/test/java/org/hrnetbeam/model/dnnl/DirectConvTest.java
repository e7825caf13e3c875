package org.hrnetbeam.model.dnnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link DirectConv} against a convolution written out loop by loop in float64, on odd sizes,
 * strides 1 and 2, 1×1 and 3×3 kernels, with and without bias, for dense NCHW and channels-last
 * arrays (and a mix).
 */
class DirectConvTest {
  private static final Scratch SCRATCH = shape -> Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');

  @Test
  void threeByThreeStrideTwoOddSizesDenseNchw() {
    check(new ConvGeometry(2, 3, 7, 9, 5, 4, 5, 3, 3, 2, 2, 1, 1, false), false, false);
  }

  @Test
  void threeByThreeStrideOneWithBiasChannelsLast() {
    check(new ConvGeometry(2, 16, 5, 6, 8, 5, 6, 3, 3, 1, 1, 1, 1, true), true, true);
  }

  @Test
  void oneByOneWithBiasMixedLayouts() {
    check(new ConvGeometry(1, 19, 3, 5, 7, 3, 5, 1, 1, 1, 1, 0, 0, true), true, false);
  }

  @Test
  void threeByThreeStrideTwoEvenSizesOutputChannelsLastInputsDense() {
    check(new ConvGeometry(2, 32, 8, 12, 16, 4, 6, 3, 3, 2, 2, 1, 1, false), false, true);
  }

  @Test
  void viewsWithOffsetsAsDl4jHandsThemOver() {
    // Weights and their gradient as views into flat parameter vectors, input and gradients as slices
    // of larger arrays: all start at a nonzero offset of their buffers.
    ConvGeometry g = new ConvGeometry(2, 4, 6, 5, 3, 3, 3, 3, 3, 2, 2, 1, 1, true);
    Nd4j.getRandom().setSeed(11);
    long wLength = 3 * 4 * 3 * 3;
    INDArray params = Nd4j.randn(DataType.FLOAT, 1, 10 + wLength + 3);
    INDArray w = params.get(NDArrayIndex.point(0),
        NDArrayIndex.interval(10, 10 + wLength)).reshape('c', g.weightShape());
    INDArray b = params.get(NDArrayIndex.point(0),
        NDArrayIndex.interval(10 + wLength, 10 + wLength + 3));
    INDArray xs = Nd4j.randn(DataType.FLOAT, 3, 4, 6, 5);
    INDArray x = xs.get(NDArrayIndex.interval(1, 3));
    INDArray dys = Nd4j.randn(DataType.FLOAT, 3, 3, 3, 3);
    INDArray dy = dys.get(NDArrayIndex.interval(1, 3));
    INDArray grads = Nd4j.zeros(DataType.FLOAT, 1, 7 + wLength + 3);
    INDArray dw = grads.get(NDArrayIndex.point(0),
        NDArrayIndex.interval(7, 7 + wLength)).reshape('c', g.weightShape());
    INDArray db = grads.get(NDArrayIndex.point(0),
        NDArrayIndex.interval(7 + wLength, 7 + wLength + 3));
    INDArray ys = Nd4j.zeros(DataType.FLOAT, 3, 3, 3, 3);
    INDArray y = ys.get(NDArrayIndex.interval(1, 3));
    INDArray dx = Nd4j.create(DataType.FLOAT, g.inputShape());
    assertTrue(w.offset() > 0 && x.offset() > 0 && dw.offset() > 0 && y.offset() > 0, "the arrays are offset views");

    DirectConv conv = new DirectConv(g);
    conv.forward(x, w, b, y, SCRATCH);
    conv.backwardData(w, dy, dx, SCRATCH);
    conv.backwardWeights(x, dy, dw, db, SCRATCH);

    Reference ref = new Reference(g, x, w, b, dy);
    assertClose(ref.y, y, "output");
    assertClose(ref.dx, dx, "input gradient");
    assertClose(ref.dw, dw, "weight gradient");
    assertClose(ref.db, db, "bias gradient");
    assertEquals(0.0, ys.get(NDArrayIndex.point(0)).amaxNumber().doubleValue(),
        "nothing written before the output view");
    assertEquals(0.0, grads.get(NDArrayIndex.point(0),
        NDArrayIndex.interval(0, 7)).amaxNumber().doubleValue(),
        "nothing written before the weight gradient view");
  }

  @Test
  void wrongShapesAreRefusedNamingTheGeometry() {
    ConvGeometry g = new ConvGeometry(1, 4, 5, 5, 2, 5, 5, 3, 3, 1, 1, 1, 1, false);
    DirectConv conv = new DirectConv(g);
    INDArray w = Nd4j.rand(DataType.FLOAT, g.weightShape());
    INDArray y = Nd4j.create(DataType.FLOAT, g.outputShape());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> conv.forward(Nd4j.rand(DataType.FLOAT, 1, 4, 6, 5), w, null, y, SCRATCH));
    assertTrue(e.getMessage().contains("input must have shape [1, 4, 5, 5]"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new ConvGeometry(1, 4, 5, 5, 2, 4, 5, 3, 3, 1, 1, 1, 1, false));
  }

  private static void check(ConvGeometry g, boolean activationsChannelsLast, boolean gradientsChannelsLast) {
    Nd4j.getRandom().setSeed(7);
    INDArray x = Nd4j.randn(DataType.FLOAT, g.inputShape());
    INDArray w = Nd4j.randn(DataType.FLOAT, g.weightShape());
    INDArray b = g.bias() ? Nd4j.randn(DataType.FLOAT, g.outChannels()) : null;
    INDArray dy = Nd4j.randn(DataType.FLOAT, g.outputShape());
    INDArray xIn = activationsChannelsLast ? channelsLast(x) : x;
    INDArray dyIn = gradientsChannelsLast ? channelsLast(dy) : dy;
    INDArray y = activationsChannelsLast ? channelsLast(Nd4j.zeros(DataType.FLOAT, g.outputShape()))
        : Nd4j.create(DataType.FLOAT, g.outputShape());
    INDArray dx = gradientsChannelsLast ? channelsLast(Nd4j.zeros(DataType.FLOAT, g.inputShape()))
        : Nd4j.create(DataType.FLOAT, g.inputShape());
    INDArray dw = Nd4j.create(DataType.FLOAT, g.weightShape());
    INDArray db = g.bias() ? Nd4j.create(DataType.FLOAT, g.outChannels()) : null;

    DirectConv conv = new DirectConv(g);
    conv.forward(xIn, w, b, y, SCRATCH);
    conv.backwardData(w, dyIn, dx, SCRATCH);
    conv.backwardWeights(xIn, dyIn, dw, db, SCRATCH);

    Reference ref = new Reference(g, x, w, b, dy);
    assertClose(ref.y, y, "output");
    assertClose(ref.dx, dx, "input gradient");
    assertClose(ref.dw, dw, "weight gradient");
    if (g.bias()) {
      assertClose(ref.db, db, "bias gradient");
    }
    assertEquals(activationsChannelsLast, Dnnl.channelsLast(y), "the output keeps the layout it was given");
  }

  private static INDArray channelsLast(INDArray nchw) {
    INDArray c = Nd4j.create(DataType.FLOAT, nchw.size(0), nchw.size(2), nchw.size(3), nchw.size(1))
        .permute(0, 3, 1, 2);
    c.assign(nchw);
    return c;
  }

  private static void assertClose(double[] expected, INDArray actual, String what) {
    float[] got = actual.dup('c').data().asFloat();
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(expected[i] - got[i]);
      if (err > 1e-5 * scale + 1e-6) {
        throw new AssertionError(what + " differs at flat index " + i + ": expected " + expected[i] + ", got "
            + got[i]);
      }
    }
  }

  /** The convolution and its gradients, loop by loop in float64 (NCHW, c-order flat arrays). */
  private static final class Reference {
    final double[] y;
    final double[] dx;
    final double[] dw;
    final double[] db;

    Reference(ConvGeometry g, INDArray xa, INDArray wa, INDArray ba, INDArray dya) {
      double[] x = xa.dup('c').data().asDouble();
      double[] w = wa.dup('c').data().asDouble();
      double[] dy = dya.dup('c').data().asDouble();
      int n = (int) g.batch();
      int ic = (int) g.inChannels();
      int ih = (int) g.inHeight();
      int iw = (int) g.inWidth();
      int oc = (int) g.outChannels();
      int oh = (int) g.outHeight();
      int ow = (int) g.outWidth();
      int kh = g.kernelH();
      int kw = g.kernelW();
      y = new double[n * oc * oh * ow];
      dx = new double[x.length];
      dw = new double[w.length];
      db = new double[oc];
      for (int b = 0; b < n; b++) {
        for (int o = 0; o < oc; o++) {
          for (int r = 0; r < oh; r++) {
            for (int c = 0; c < ow; c++) {
              int out = ((b * oc + o) * oh + r) * ow + c;
              double sum = ba == null ? 0 : ba.getDouble(o);
              db[o] += dy[out];
              for (int i = 0; i < ic; i++) {
                for (int p = 0; p < kh; p++) {
                  for (int q = 0; q < kw; q++) {
                    int rr = r * g.strideH() - g.padTop() + p;
                    int cc = c * g.strideW() - g.padLeft() + q;
                    if (rr < 0 || rr >= ih || cc < 0 || cc >= iw) {
                      continue;
                    }
                    int in = ((b * ic + i) * ih + rr) * iw + cc;
                    int wi = ((o * ic + i) * kh + p) * kw + q;
                    sum += x[in] * w[wi];
                    dx[in] += dy[out] * w[wi];
                    dw[wi] += dy[out] * x[in];
                  }
                }
              }
              y[out] = sum;
            }
          }
        }
      }
    }
  }
}
