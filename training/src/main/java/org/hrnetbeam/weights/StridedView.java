package org.hrnetbeam.weights;

import java.util.Arrays;

/**
 * Turns a PyTorch view (storage, element offset, size, stride) into a dense C-order {@link Tensor}.
 * Views are how {@code torch.save} records transposed, sliced or shared-storage tensors: the saved
 * storage holds the base tensor and each tensor names its window into it.
 */
final class StridedView {
  private StridedView() {}

  /**
   * Copies the elements the view selects, in C order.
   *
   * @throws IllegalArgumentException when the view reaches outside the storage or has bad strides
   */
  static Tensor materialize(DType dtype, byte[] storage, long offset, long[] size, long[] stride) {
    if (size.length != stride.length) {
      throw new IllegalArgumentException("size " + Arrays.toString(size) + " and stride " + Arrays.toString(stride)
          + " differ in rank");
    }
    int item = dtype.itemSize();
    long storageNumel = storage.length / item;
    long numel = Tensor.numel(size);
    if (offset < 0) {
      throw new IllegalArgumentException("negative storage offset " + offset);
    }
    if (numel == 0) {
      return Tensor.wrap(dtype, size, new byte[0]);
    }
    long last = offset;
    for (int d = 0; d < size.length; d++) {
      if (stride[d] < 0) {
        throw new IllegalArgumentException("negative stride " + Arrays.toString(stride));
      }
      last += (size[d] - 1) * stride[d];
    }
    if (last >= storageNumel) {
      throw new IllegalArgumentException("size " + Arrays.toString(size) + ", stride " + Arrays.toString(stride)
          + " and offset " + offset + " reach element " + last + " of a storage with " + storageNumel + " elements");
    }
    if (isContiguous(size, stride)) {
      int from = Math.toIntExact(offset * item);
      int length = Math.toIntExact(numel * item);
      // Tensors never modify their bytes, so a view of a whole storage can share its array.
      return Tensor.wrap(dtype, size, from == 0 && length == storage.length
          ? storage
          : Arrays.copyOfRange(storage, from, from + length));
    }
    byte[] out = new byte[Math.toIntExact(numel * item)];
    // Walk the index like an odometer; copy runs along the last axis when it is unit-stride.
    int rank = size.length;
    boolean innerRun = stride[rank - 1] == 1;
    long runLength = innerRun ? size[rank - 1] : 1;
    int outerRank = innerRun ? rank - 1 : rank;
    long[] index = new long[outerRank];
    int written = 0;
    long runs = numel / runLength;
    for (long r = 0; r < runs; r++) {
      long src = offset;
      for (int d = 0; d < outerRank; d++) {
        src += index[d] * stride[d];
      }
      int bytes = (int) (runLength * item);
      System.arraycopy(storage, (int) (src * item), out, written, bytes);
      written += bytes;
      for (int d = outerRank - 1; d >= 0; d--) {
        if (++index[d] < size[d]) {
          break;
        }
        index[d] = 0;
      }
    }
    return Tensor.wrap(dtype, size, out);
  }

  /** True when the strides are those of a dense C-order array (size-1 axes may have any stride). */
  static boolean isContiguous(long[] size, long[] stride) {
    long expected = 1;
    for (int d = size.length - 1; d >= 0; d--) {
      if (size[d] != 1 && stride[d] != expected) {
        return false;
      }
      expected *= size[d];
    }
    return true;
  }
}
