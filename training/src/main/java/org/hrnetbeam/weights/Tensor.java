package org.hrnetbeam.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An immutable dense array as weight files store it: a shape, an element type and the elements in
 * C (row-major) order as little-endian bytes.
 *
 * <p>Keeping the raw bytes (rather than a {@code float[]}) makes every round trip bit-exact and lets
 * one type carry float, integer and boolean tensors. The typed accessors copy; call them once.
 */
public final class Tensor {
  private final DType dtype;
  private final long[] shape;
  private final byte[] data;

  private Tensor(DType dtype, long[] shape, byte[] data) {
    this.dtype = dtype;
    this.shape = shape;
    this.data = data;
  }

  /**
   * Wraps little-endian C-order bytes (copied).
   *
   * @throws IllegalArgumentException when the byte count does not match the shape and type
   */
  public static Tensor of(DType dtype, long[] shape, byte[] littleEndianData) {
    long[] s = checkShape(shape);
    long expected = numel(s) * dtype.itemSize();
    if (littleEndianData.length != expected) {
      throw new IllegalArgumentException(
          dtype + Arrays.toString(s) + " needs " + expected + " bytes, got " + littleEndianData.length);
    }
    return new Tensor(dtype, s, littleEndianData.clone());
  }

  /** Takes ownership of {@code data} without copying; callers inside the package only. */
  static Tensor wrap(DType dtype, long[] shape, byte[] data) {
    long[] s = checkShape(shape);
    if (data.length != numel(s) * dtype.itemSize()) {
      throw new IllegalArgumentException(
          dtype + Arrays.toString(s) + " needs " + numel(s) * dtype.itemSize() + " bytes, got " + data.length);
    }
    return new Tensor(dtype, s, data);
  }

  /** A float32 tensor holding {@code values} in C order. */
  public static Tensor ofFloats(long[] shape, float[] values) {
    byte[] b = new byte[Math.multiplyExact(checkCount(shape, values.length), 4)];
    le(b).asFloatBuffer().put(values);
    return new Tensor(DType.FLOAT32, shape.clone(), b);
  }

  /** A float64 tensor holding {@code values} in C order. */
  public static Tensor ofDoubles(long[] shape, double[] values) {
    byte[] b = new byte[Math.multiplyExact(checkCount(shape, values.length), 8)];
    le(b).asDoubleBuffer().put(values);
    return new Tensor(DType.FLOAT64, shape.clone(), b);
  }

  /** An int64 tensor holding {@code values} in C order. */
  public static Tensor ofLongs(long[] shape, long[] values) {
    byte[] b = new byte[Math.multiplyExact(checkCount(shape, values.length), 8)];
    le(b).asLongBuffer().put(values);
    return new Tensor(DType.INT64, shape.clone(), b);
  }

  public DType dtype() {
    return dtype;
  }

  /** The dimensions (a copy); empty for a 0-d scalar. */
  public long[] shape() {
    return shape.clone();
  }

  /** The dimensions as ints, for APIs that want them; fails past {@code Integer.MAX_VALUE}. */
  public int[] intShape() {
    int[] s = new int[shape.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = Math.toIntExact(shape[i]);
    }
    return s;
  }

  public int rank() {
    return shape.length;
  }

  /** Number of elements (1 for a scalar). */
  public long numel() {
    return numel(shape);
  }

  /**
   * The elements as float32 in C order. A float64 tensor is rounded to float32 (the conversion a
   * float32 model makes when it loads double weights); integer tensors are refused.
   */
  public float[] floats() {
    float[] out = new float[(int) numel()];
    switch (dtype) {
      case FLOAT32:
        le(data).asFloatBuffer().get(out);
        return out;
      case FLOAT64:
        var d = le(data).asDoubleBuffer();
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) d.get(i);
        }
        return out;
      default:
        throw new IllegalStateException("floats() needs a float32 or float64 tensor, this is " + describe());
    }
  }

  /** The elements as float64 in C order (exact for float32); integer tensors are refused. */
  public double[] doubles() {
    double[] out = new double[(int) numel()];
    switch (dtype) {
      case FLOAT64:
        le(data).asDoubleBuffer().get(out);
        return out;
      case FLOAT32:
        var f = le(data).asFloatBuffer();
        for (int i = 0; i < out.length; i++) {
          out[i] = f.get(i);
        }
        return out;
      default:
        throw new IllegalStateException("doubles() needs a float32 or float64 tensor, this is " + describe());
    }
  }

  /** The elements widened to int64 in C order (uint8 as unsigned, bool as 0/1); float tensors are refused. */
  public long[] longs() {
    long[] out = new long[(int) numel()];
    ByteBuffer b = le(data);
    switch (dtype) {
      case INT64:
        b.asLongBuffer().get(out);
        return out;
      case INT32:
        for (int i = 0; i < out.length; i++) {
          out[i] = b.getInt(i * 4);
        }
        return out;
      case INT8:
        for (int i = 0; i < out.length; i++) {
          out[i] = data[i];
        }
        return out;
      case UINT8:
      case BOOL:
        for (int i = 0; i < out.length; i++) {
          out[i] = data[i] & 0xff;
        }
        return out;
      default:
        throw new IllegalStateException("longs() needs an integer or bool tensor, this is " + describe());
    }
  }

  /** A copy of the raw little-endian C-order bytes. */
  public byte[] bytes() {
    return data.clone();
  }

  /** The raw bytes without a copy, for writers inside the package. */
  byte[] rawBytes() {
    return data;
  }

  /** E.g. {@code float32[64, 3, 3, 3]}. */
  public String describe() {
    return dtype + Arrays.toString(shape);
  }

  /** Equal when type, shape and every byte agree: a bit-exact comparison (so NaN equals the same NaN). */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Tensor)) {
      return false;
    }
    Tensor t = (Tensor) o;
    return dtype == t.dtype && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Tensor " + describe();
  }

  static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  private static long[] checkShape(long[] shape) {
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
    }
    if (numel(shape) > Integer.MAX_VALUE) {
      // Java arrays cap a tensor at 2^31 elements; HRNet's largest weight has a few million.
      throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " exceeds 2^31 elements");
    }
    return shape.clone();
  }

  private static int checkCount(long[] shape, int count) {
    long n = numel(checkShape(shape));
    if (n != count) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " elements, got " + count);
    }
    return count;
  }

  private static ByteBuffer le(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }
}
