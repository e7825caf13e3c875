package org.hrnetbeam.model.ownstep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A unit whose weight gradient is bound to a slot (a view in the middle of a flat vector, as the
 * channels-last step binds the model's gradient views) against the same unit keeping its own
 * gradient: the slot holds bit-equal values (both are oneDNN's backward-weights result, moved by
 * layout copies only), the vector's other elements stay untouched, and the unit refuses a plain
 * SGD step it has no gradient for.
 */
class BoundWeightGradientTest {
  private static final int N = 2;
  private static final int C_IN = 24;
  private static final int C_OUT = 32;
  private static final int H = 10;
  private static final int W = 14;
  private static final float UNTOUCHED = -7.25f;

  @Test
  void boundSlotGetsTheSameGradientAndNothingElseIsWritten() {
    boundAgainstOwn(3);
  }

  /** A 1×1 convolution, as on HRNet's fuse and downsample paths. */
  @Test
  void pointwiseBoundSlotGetsTheSameGradient() {
    boundAgainstOwn(1);
  }

  private static void boundAgainstOwn(int kernel) {
    NhwcArray x = NhwcArray.fromNchw(gaussian(new Random(3), N, C_IN, H, W));
    ConvBnReluUnit own = unit(x, kernel);
    ConvBnReluUnit bound = unit(x, kernel);
    own.initialise(new Random(5));
    bound.setPlainWeights(own.plainWeights());

    long weights = (long) C_OUT * C_IN * kernel * kernel;
    long offset = 13;
    INDArray flat = Nd4j.valueArrayOf(new long[]{offset + weights + 17}, UNTOUCHED, DataType.FLOAT);
    INDArray slot = flat.get(NDArrayIndex.interval(offset, offset + weights)).reshape('c', C_OUT, C_IN, kernel, kernel);
    bound.bindWeightGradient(slot);
    assertTrue(bound.weightGradientBound());

    NhwcArray dy = NhwcArray.fromNchw(gaussian(new Random(9), N, C_OUT, H, W));
    NhwcArray dxOwn = NhwcArray.fromNchw(Nd4j.zeros(DataType.FLOAT, N, C_IN, H, W));
    NhwcArray dxBound = NhwcArray.fromNchw(Nd4j.zeros(DataType.FLOAT, N, C_IN, H, W));
    own.forward(x, null);
    own.backward(x, dy, dxOwn);
    bound.forward(x, null);
    bound.backward(x, dy, dxBound);

    assertArrayEquals(own.plainWeightGradient().data().asFloat(), slot.dup('c').data().asFloat(),
        "the bound slot must hold the unit's weight gradient bit for bit");
    assertArrayEquals(dxOwn.toNchw().data().asFloat(), dxBound.toNchw().data().asFloat(),
        "binding the weight gradient must not change the input gradient");
    float[] all = flat.data().asFloat();
    for (int i = 0; i < all.length; i++) {
      if (i < offset || i >= offset + weights) {
        assertEquals(UNTOUCHED, all[i], "element " + i + " outside the slot was written");
      }
    }
    assertTrue(own.weightBytes() > bound.weightBytes(), "a bound unit must not hold a gradient array of its own");
    assertThrows(IllegalStateException.class, () -> bound.sgd(0.1f));
  }

  @Test
  void slotOfTheWrongShapeIsRefused() {
    ConvBnReluUnit u = unit(NhwcArray.fromNchw(Nd4j.zeros(DataType.FLOAT, N, C_IN, H, W)), 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> u.bindWeightGradient(Nd4j.zeros(DataType.FLOAT, C_OUT, C_IN, 1, 1)));
    assertTrue(e.getMessage().contains("probe"), e.getMessage());
  }

  private static ConvBnReluUnit unit(NhwcArray input, int kernel) {
    return new ConvBnReluUnit("probe", input, C_OUT, kernel, 1, 0.1, true, true);
  }

  private static INDArray gaussian(Random random, long... shape) {
    INDArray a = Nd4j.create(DataType.FLOAT, shape, 'c');
    float[] v = new float[(int) a.length()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return Nd4j.createFromArray(v).reshape(shape);
  }
}
