package org.hrnetbeam.loss;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The labels both criteria read: [N, H, W] class indices as one int per pixel, checked against the logits. */
final class PixelLabels {
  private PixelLabels() {
  }

  /**
   * @param logits [N, C, h, w]
   * @param labels [N, H, W] class indices (any integer or float type)
   * @param classWeights one per class or {@code null}; only its length is checked here
   */
  static int[] of(INDArray logits, INDArray labels, double[] classWeights) {
    if (labels.rank() != 3 || labels.size(0) != logits.size(0)) {
      throw new IllegalArgumentException("labels must be [N, H, W] with N = " + logits.size(0) + ", got "
          + Arrays.toString(labels.shape()));
    }
    int c = (int) logits.size(1);
    if (classWeights != null && classWeights.length != c) {
      throw new IllegalArgumentException(classWeights.length + " class weights for " + c + " classes");
    }
    INDArray dense = labels.castTo(DataType.INT).dup('c');
    int[] values = dense.data().asInt();
    return values.length == dense.length() ? values : Arrays.copyOf(values, (int) dense.length());
  }
}
