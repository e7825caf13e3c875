package org.hrnetbeam.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How a {@link Trainer} step computes its gradients: the loss of a batch, every parameter's
 * gradient written into the graph's flattened gradient vector (where {@link PyTorchSgd} reads
 * it), and the BN running statistics, which are written only once the loss proved finite.
 */
interface StepGradients {
  /**
   * @param images float32 [N, 3, H, W], normalised
   * @param labels [N, H, W] class indices with the ignore label
   * @return the batch's loss; the graph's flattened gradients hold its gradient afterwards
   */
  double compute(INDArray images, INDArray labels);

  /** Writes the running statistics of the batch last given to {@link #compute} into the graph. */
  void updateRunningStatistics();

  /** Drops what the step kept for its backward pass. */
  void release();
}
