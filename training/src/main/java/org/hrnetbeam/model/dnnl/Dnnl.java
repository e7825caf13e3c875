package org.hrnetbeam.model.dnnl;

import org.bytedeco.dnnl.dnnl_version_t;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The CPU engine of the preset's oneDNN, and descriptors of ND4J arrays for it. */
public final class Dnnl {
  private static final engine ENGINE = new engine(engine.kind.cpu, 0);

  private Dnnl() {
  }

  static engine engine() {
    return ENGINE;
  }

  /** "oneDNN major.minor.patch" of the loaded library (the preset's, not libnd4j's own copy). */
  public static String version() {
    dnnl_version_t v = dnnl.dnnl_version();
    return "oneDNN " + v.major() + "." + v.minor() + "." + v.patch();
  }

  /** A descriptor of {@code a} as it lies in memory: its shape with its own strides (in elements). */
  static memory.desc describe(INDArray a) {
    if (a.dataType() != DataType.FLOAT) {
      throw new IllegalArgumentException("oneDNN path takes float32 arrays, got " + a.dataType());
    }
    return new memory.desc(a.shape(), memory.data_type.f32, a.stride());
  }

  /** The native address of {@code a}'s first element. */
  static RawAddress address(INDArray a) {
    return new RawAddress(a.data().pointer().address() + a.offset() * Float.BYTES);
  }

  /** Whether {@code a} is NCHW-shaped with channels-last memory ({@code [N, H, W, C]} dense). */
  static boolean channelsLast(INDArray a) {
    long[] s = a.stride();
    long c = a.size(1);
    long h = a.size(2);
    long w = a.size(3);
    return s[1] == 1 && s[3] == c && s[2] == w * c && (a.size(0) == 1 || s[0] == h * w * c);
  }

  /** A new channels-last NCHW-shaped array of {@code [n, c, h, w]} from {@code scratch}. */
  static INDArray channelsLastArray(Scratch scratch, long n, long c, long h, long w) {
    return scratch.floats(n, h, w, c).permute(0, 3, 1, 2);
  }
}
