package org.hrnetbeam.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * NumPy scalars inside a checkpoint's metadata: the reference stores {@code best_mIoU} as a
 * {@code numpy.float64}, which pickles as {@code numpy.core.multiarray.scalar(dtype('f8'), bytes)}.
 */
final class NumpyScalars {
  private NumpyScalars() {}

  /** A {@code numpy.dtype}: the type code and, after BUILD, its byte order. */
  static final class Dtype {
    private final String code;
    private char byteOrder = '<';

    Dtype(String code) {
      this.code = code;
    }

    /** The pickled state is a tuple whose second item is the byte order character. */
    void setState(Object state) {
      if (state instanceof Object[] && ((Object[]) state).length > 1 && ((Object[]) state)[1] instanceof String) {
        String order = (String) ((Object[]) state)[1];
        if (!order.isEmpty()) {
          byteOrder = order.charAt(0);
        }
      }
    }

    @Override
    public String toString() {
      return "dtype(" + byteOrder + code + ")";
    }
  }

  /** Decodes {@code scalar(dtype, bytes)} into a Double, Long or Boolean; other kinds stay a description. */
  static Object scalar(Object[] args) {
    if (args.length < 2 || !(args[0] instanceof Dtype) || !(args[1] instanceof byte[])) {
      return "numpy scalar " + java.util.Arrays.deepToString(args);
    }
    Dtype dtype = (Dtype) args[0];
    byte[] b = (byte[]) args[1];
    ByteBuffer buf = ByteBuffer.wrap(b).order(dtype.byteOrder == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    switch (dtype.code) {
      case "f8": return b.length == 8 ? buf.getDouble() : describe(dtype);
      case "f4": return b.length == 4 ? (double) buf.getFloat() : describe(dtype);
      case "i8": case "u8": return b.length == 8 ? buf.getLong() : describe(dtype);
      case "i4": return b.length == 4 ? (long) buf.getInt() : describe(dtype);
      case "u4": return b.length == 4 ? buf.getInt() & 0xffffffffL : describe(dtype);
      case "b1": return b.length == 1 ? b[0] != 0 : describe(dtype);
      default: return describe(dtype);
    }
  }

  private static String describe(Dtype dtype) {
    return "numpy scalar " + dtype;
  }
}
