package org.hrnetbeam.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference criterion ({@code lib/core/criterion.py CrossEntropy}): logits are first upsampled
 * bilinearly to the label size, then per-pixel cross-entropy is averaged over the pixels whose label
 * is not {@code ignoreLabel}; with class weights w the mean is Σ w_y·loss / Σ w_y.
 *
 * <p>DL4J's per-pixel losses sum where this averages (STACK.md: unscaled SGD diverged), so the loss
 * and its gradient w.r.t. the 1/4-resolution logits are computed here and fed back into the graph.
 */
public final class CrossEntropy2d implements SegmentationCriterion {
  private final int ignoreLabel;
  private final boolean alignCorners;
  private final double[] classWeights;

  /**
   * @param ignoreLabel  label value that contributes nothing (255 for Cityscapes)
   * @param alignCorners bilinear convention of the upsampling (MODEL.ALIGN_CORNERS)
   * @param classWeights one weight per class, or {@code null} for none
   */
  public CrossEntropy2d(int ignoreLabel, boolean alignCorners, double[] classWeights) {
    this.ignoreLabel = ignoreLabel;
    this.alignCorners = alignCorners;
    this.classWeights = classWeights == null ? null : classWeights.clone();
  }

  /** The loss value and d loss / d logits (same shape as the logits). */
  public record Result(double loss, INDArray logitsGradient, long validPixels) {
  }

  /**
   * @param logits [N, C, h, w] raw network output
   * @param labels [N, H, W] class indices (any integer or float type), ignoreLabel to skip
   */
  @Override
  public Result compute(INDArray logits, INDArray labels) {
    PixelScores scores = PixelScores.of(logits, labels, alignCorners, classWeights);
    int n = scores.n;
    int c = scores.c;
    float[] lp = scores.logProb;
    float[] grad = scores.prob;
    int[] y = scores.labels;
    int plane = scores.h * scores.w;
    double lossSum = 0;
    double weightSum = 0;
    long valid = 0;
    for (int b = 0; b < n; b++) {
      for (int p = 0; p < plane; p++) {
        int label = y[b * plane + p];
        int base = (b * plane + p) * c;
        if (label == ignoreLabel) {
          for (int k = 0; k < c; k++) {
            grad[base + k] = 0f;
          }
          continue;
        }
        if (label < 0 || label >= c) {
          throw new IllegalArgumentException("label " + label + " at sample " + b + ", pixel " + p
              + " is outside [0, " + c + ") and is not the ignore label " + ignoreLabel);
        }
        double weight = classWeights == null ? 1.0 : classWeights[label];
        lossSum -= weight * lp[base + label];
        weightSum += weight;
        valid++;
        grad[base + label] -= 1f;
        if (weight != 1.0) {
          for (int k = 0; k < c; k++) {
            grad[base + k] *= (float) weight;
          }
        }
      }
    }
    if (valid == 0) {
      // PyTorch returns NaN here; a batch of only ignored pixels contributes nothing instead.
      return new Result(0.0, Nd4j.zeros(logits.dataType(), logits.shape()), 0);
    }
    return new Result(lossSum / weightSum, scores.logitsGradient(logits, weightSum, alignCorners), valid);
  }
}
