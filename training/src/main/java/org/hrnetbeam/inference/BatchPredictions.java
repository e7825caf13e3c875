package org.hrnetbeam.inference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Class maps from a batch of logits the way the reference validates during training ({@code
 * function.validate}): logits resized bilinearly (MODEL.ALIGN_CORNERS) to the label size, then argmax
 * over classes. No exp, no flip, no scales: those belong to test-time {@link MultiScaleInference}.
 * Feed the result to {@link org.hrnetbeam.metrics.ConfusionMatrix#add}.
 */
public final class BatchPredictions {
  private BatchPredictions() {
  }

  /**
   * @param logits [N, C, h, w]
   * @return per sample, class indices {@code [height][width]} flattened
   */
  public static int[][] labels(INDArray logits, int height, int width, boolean alignCorners) {
    if (logits.rank() != 4) {
      throw new IllegalArgumentException("expected logits [N, C, h, w], got rank " + logits.rank());
    }
    int n = (int) logits.size(0);
    int[][] out = new int[n][];
    for (int i = 0; i < n; i++) {
      INDArray one = logits.get(NDArrayIndex.interval(i, i, true), NDArrayIndex.all(), NDArrayIndex.all(),
          NDArrayIndex.all());
      out[i] = LogitUpsampling.argmax(Planes.fromBatch(one), null, height, width, alignCorners);
    }
    return out;
  }
}
