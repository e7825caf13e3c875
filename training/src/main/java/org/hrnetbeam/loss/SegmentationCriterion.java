package org.hrnetbeam.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A per-pixel segmentation loss: its value and gradient w.r.t. the 1/4-resolution logits. */
public interface SegmentationCriterion {
  /**
   * @param logits [N, C, h, w] raw network output
   * @param labels [N, H, W] class indices, the ignore label for pixels that do not count
   */
  CrossEntropy2d.Result compute(INDArray logits, INDArray labels);
}
