package org.hrnetbeam.model.onednn;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-channel vectors (batch statistics, γ, β and their gradients) between ND4J arrays and Java
 * arrays, read and written through the arrays' native memory.
 *
 * <p>Why: {@code toFloatVector()} duplicates its array and {@code assign} of a fresh array is an op
 * plus an allocation; the batch-norm passes did seven of these per layer and step (about 580 libnd4j
 * ops per W18-small-v1 train step, all on the training thread). Arrays that are not float32 vectors
 * take that general route still.
 */
final class ChannelVectors {
  private ChannelVectors() {
  }

  /** The {@code c} values of {@code a}, a vector of {@code c} elements of any layout and type. */
  static float[] read(INDArray a, int c) {
    if (a.length() != c) {
      throw new IllegalArgumentException("expected " + c + " channel values, got " + a.shapeInfoToString());
    }
    int stride = stride(a);
    if (stride == 0) {
      return a.castTo(DataType.FLOAT).reshape(c).toFloatVector();
    }
    FloatBuffer buffer = a.data().asNioFloat();
    int base = (int) a.offset();
    float[] values = new float[c];
    for (int i = 0; i < c; i++) {
      values[i] = buffer.get(base + i * stride);
    }
    return values;
  }

  /** Writes {@code values} into {@code target}, a vector of as many elements of any layout and type. */
  static void write(float[] values, INDArray target) {
    if (target.length() != values.length) {
      throw new IllegalArgumentException("expected " + values.length + " channel values in "
          + target.shapeInfoToString());
    }
    int stride = stride(target);
    if (stride == 0) {
      target.assign(Nd4j.createFromArray(values).reshape(target.shape()));
      return;
    }
    FloatBuffer buffer = target.data().asNioFloat();
    int base = (int) target.offset();
    for (int i = 0; i < values.length; i++) {
      buffer.put(base + i * stride, values[i]);
    }
  }

  /** The element stride of a float32 vector (rank 1, or rank 2 with one row or column); 0 otherwise. */
  private static int stride(INDArray a) {
    if (a.dataType() != DataType.FLOAT || a.length() >= Integer.MAX_VALUE) {
      return 0;
    }
    if (a.rank() == 1) {
      return (int) a.stride(0);
    }
    if (a.rank() == 2 && a.size(0) == 1) {
      return (int) a.stride(1);
    }
    if (a.rank() == 2 && a.size(1) == 1) {
      return (int) a.stride(0);
    }
    return 0;
  }
}
