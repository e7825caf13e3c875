package org.hrnetbeam.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference criterion ({@code lib/core/criterion.py CrossEntropy}): logits are first upsampled
 * bilinearly to the label size, then per-pixel cross-entropy is averaged over the pixels whose label
 * is not {@code ignoreLabel}; with class weights w the mean is Σ w_y·loss / Σ w_y.
 *
 * <p>DL4J's per-pixel losses sum where this averages (STACK.md: unscaled SGD diverged), so the loss
 * and its gradient w.r.t. the 1/4-resolution logits are computed here ({@link UpsampledSoftmax}, one
 * pass over the pixels) and fed back into the graph.
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
    int[] y = PixelLabels.of(logits, labels, classWeights);
    int c = (int) logits.size(1);
    int plane = (int) (labels.size(1) * labels.size(2));
    double[] weight = new double[y.length];
    double weightSum = 0;
    long valid = 0;
    for (int i = 0; i < y.length; i++) {
      int label = y[i];
      if (label == ignoreLabel) {
        continue;
      }
      if (label < 0 || label >= c) {
        throw new IllegalArgumentException("label " + label + " at sample " + i / plane + ", pixel " + i % plane
            + " is outside [0, " + c + ") and is not the ignore label " + ignoreLabel);
      }
      weight[i] = classWeights == null ? 1.0 : classWeights[label];
      weightSum += weight[i];
      valid++;
    }
    if (valid == 0) {
      // PyTorch returns NaN here; a batch of only ignored pixels contributes nothing instead.
      return new Result(0.0, Nd4j.zeros(logits.dataType(), logits.shape()), 0);
    }
    UpsampledSoftmax scores = UpsampledSoftmax.of(logits, (int) labels.size(1), (int) labels.size(2), alignCorners);
    float[] gradient = new float[(int) logits.length()];
    double lossSum = scores.lossAndGradient(y, weight, 1.0 / weightSum, gradient);
    INDArray gradLogits = Nd4j.create(gradient, logits.shape(), 'c').castTo(logits.dataType());
    return new Result(lossSum / weightSum, gradLogits, valid);
  }
}
