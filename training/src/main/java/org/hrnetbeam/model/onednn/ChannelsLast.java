package org.hrnetbeam.model.onednn;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Arrays that DL4J sees as NCHW but whose memory is laid out NHWC ("channels last"): the outputs of
 * {@link OneDnnConvHelper}, read only by {@link OneDnnBatchNormHelper}.
 *
 * <p>Why: oneDNN's fastest float32 convolutions on this CPU (brgconv, AVX-512) write NHWC. libnd4j
 * describes a strided array to oneDNN by its strides, so an NCHW-shaped view of NHWC memory (a
 * {@code permute(0, 3, 1, 2)} of a dense [N, H, W, C] array) is written as it is, without reorders.
 * Such views are slow in libnd4j's element-wise loops (every offset is computed from the shape), so
 * they do not travel further than the batch norm that follows each convolution.
 */
final class ChannelsLast {
  private ChannelsLast() {
  }

  /**
   * The dense c-ordered [N, H, W, C] array sharing {@code a}'s memory when {@code a} is a rank-4
   * float32 NCHW-shaped view of channels-last memory; otherwise null.
   */
  static INDArray alias(INDArray a) {
    if (a.rank() != 4 || a.dataType() != DataType.FLOAT || a.length() >= Integer.MAX_VALUE) {
      return null;
    }
    long c = a.size(1);
    long h = a.size(2);
    long w = a.size(3);
    long[] s = a.stride();
    boolean channelsLast = s[1] == 1 && s[3] == c && s[2] == w * c && (a.size(0) == 1 || s[0] == h * w * c);
    // One channel or 1×1 planes: also dense NCHW, which callers treat as such.
    if (!channelsLast || c == 1 || h * w == 1) {
      return null;
    }
    INDArray nhwc = a.permute(0, 2, 3, 1);
    return nhwc.ordering() == 'c' && nhwc.elementWiseStride() == 1 ? nhwc : null;
  }

  /**
   * A new uninitialised NCHW-shaped array of {@code [n, c, h, w]} laid out channels last, in the
   * workspace for {@code type}.
   */
  static INDArray create(LayerWorkspaceMgr workspaceMgr, ArrayType type, DataType dataType, long n, long c, long h,
      long w) {
    return workspaceMgr.createUninitialized(type, dataType, new long[]{n, h, w, c}, 'c').permute(0, 3, 1, 2);
  }
}
