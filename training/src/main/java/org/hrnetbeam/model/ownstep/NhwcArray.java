package org.hrnetbeam.model.ownstep;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One float32 activation or gradient kept for the life of a chain: a dense c-ordered [N, H, W, C]
 * ND4J array ({@link #dense}), the NCHW-shaped view of the same memory that {@code DirectConv} takes
 * ({@link #nchwView}), and a float buffer over that memory for the Java passes ({@link #buffer}).
 * Public only as a handle: code outside the package can make one from an NCHW array and hold it,
 * not read or write it.
 */
public final class NhwcArray {
  final int batch;
  final int height;
  final int width;
  final int channels;
  final INDArray dense;
  final INDArray nchwView;
  final FloatBuffer buffer;

  NhwcArray(int batch, int channels, int height, int width) {
    long length = (long) batch * height * width * channels;
    if (length >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("activation of " + batch + "x" + channels + "x" + height + "x" + width
          + " is too large for the Java passes (" + length + " elements)");
    }
    this.batch = batch;
    this.height = height;
    this.width = width;
    this.channels = channels;
    this.dense = Nd4j.create(DataType.FLOAT, new long[]{batch, height, width, channels}, 'c');
    this.nchwView = dense.permute(0, 3, 1, 2);
    this.buffer = dense.data().asNioFloat();
  }

  /** A new channels-last array holding a copy of the dense NCHW array {@code nchw} (any float type). */
  public static NhwcArray fromNchw(INDArray nchw) {
    if (nchw.rank() != 4) {
      throw new IllegalArgumentException("expected an NCHW array, got shape " + java.util.Arrays.toString(nchw.shape()));
    }
    NhwcArray a = new NhwcArray((int) nchw.size(0), (int) nchw.size(1), (int) nchw.size(2), (int) nchw.size(3));
    a.assignFromNchw(nchw);
    return a;
  }

  /** Pixels (N·H·W): each holds {@link #channels} consecutive floats. */
  int pixels() {
    return batch * height * width;
  }

  /** Bytes of the float32 memory behind this array (outside the Java heap). */
  long bytes() {
    return (long) pixels() * channels * Float.BYTES;
  }

  /** Copies a dense NCHW array of this shape into this channels-last memory. */
  void assignFromNchw(INDArray nchw) {
    nchwView.assign(nchw);
  }

  /**
   * Copies {@code nchw} (an [N, C, H, W] array of this array's sizes, any float type) into this
   * channels-last memory: how a caller refills a kept input or gradient each step without allocating.
   */
  public void copyFromNchw(INDArray nchw) {
    if (!java.util.Arrays.equals(nchw.shape(), nchwView.shape())) {
      throw new IllegalArgumentException("expected an NCHW array of shape " + java.util.Arrays.toString(
          nchwView.shape()) + ", got " + java.util.Arrays.toString(nchw.shape()));
    }
    nchwView.assign(nchw);
  }

  /** A new dense NCHW copy of the contents (for tests and checks, not for the step). */
  INDArray toNchw() {
    return nchwView.dup('c');
  }
}
