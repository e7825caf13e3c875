package org.hrnetbeam.loss;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Online hard example mining as the reference's {@code OhemCrossEntropy} (LOSS.USE_OHEM): logits
 * upsampled to the label size, then over all non-ignored pixels of the whole batch p = softmax
 * probability of the true class; sorted ascending, threshold = max(OHEMTHRES, p[min(OHEMKEEP,
 * n − 1)]); the pixels with p < threshold are kept and the loss is the plain mean of their
 * class-weighted losses w_y·(−log p) (not Σ w·l / Σ w as in {@link CrossEntropy2d}). The threshold
 * is a constant for the gradient, as the reference's boolean mask is.
 *
 * <p>Cost: one sort of the batch's valid probabilities (n log n; 1 M pixels for 2 × 512 × 1024).
 * When no pixel is kept (the reference's mean of nothing is NaN) the loss is 0 with a zero gradient.
 */
public final class OhemCrossEntropy2d implements SegmentationCriterion {
  private final int ignoreLabel;
  private final boolean alignCorners;
  private final double[] classWeights;
  private final double threshold;
  private final int minKept;

  /**
   * @param threshold LOSS.OHEMTHRES (0.9): pixels whose true-class probability is below it are hard
   * @param minKept LOSS.OHEMKEEP (100000): at least about this many hardest pixels are kept; the
   *     reference raises 0 to 1
   */
  public OhemCrossEntropy2d(int ignoreLabel, boolean alignCorners, double[] classWeights, double threshold, int minKept) {
    if (!(threshold >= 0) || threshold > 1) {
      throw new IllegalArgumentException("LOSS.OHEMTHRES must be in [0, 1], got " + threshold);
    }
    if (minKept < 0) {
      throw new IllegalArgumentException("LOSS.OHEMKEEP must be >= 0, got " + minKept);
    }
    this.ignoreLabel = ignoreLabel;
    this.alignCorners = alignCorners;
    this.classWeights = classWeights == null ? null : classWeights.clone();
    this.threshold = threshold;
    this.minKept = Math.max(1, minKept);
  }

  @Override
  public CrossEntropy2d.Result compute(INDArray logits, INDArray labels) {
    PixelScores scores = PixelScores.of(logits, labels, alignCorners, classWeights);
    int c = scores.c;
    float[] lp = scores.logProb;
    float[] grad = scores.prob;
    int[] y = scores.labels;
    int pixels = scores.n * scores.h * scores.w;
    float[] trueProb = new float[pixels];
    int valid = 0;
    for (int i = 0; i < pixels; i++) {
      int label = y[i];
      if (label == ignoreLabel) {
        continue;
      }
      if (label < 0 || label >= c) {
        throw new IllegalArgumentException("label " + label + " at flat pixel " + i + " is outside [0, " + c
            + ") and is not the ignore label " + ignoreLabel);
      }
      trueProb[valid++] = grad[i * c + label];
    }
    if (valid == 0) {
      return new CrossEntropy2d.Result(0.0, Nd4j.zeros(logits.dataType(), logits.shape()), 0);
    }
    float[] sorted = Arrays.copyOf(trueProb, valid);
    Arrays.sort(sorted);
    double cut = Math.max(threshold, sorted[Math.min(minKept, valid - 1)]);
    long kept = 0;
    double lossSum = 0;
    for (int i = 0; i < pixels; i++) {
      int label = y[i];
      int base = i * c;
      boolean keep = label != ignoreLabel && grad[base + label] < cut;
      if (!keep) {
        Arrays.fill(grad, base, base + c, 0f);
        continue;
      }
      double weight = classWeights == null ? 1.0 : classWeights[label];
      lossSum -= weight * lp[base + label];
      kept++;
      grad[base + label] -= 1f;
      if (weight != 1.0) {
        for (int k = 0; k < c; k++) {
          grad[base + k] *= (float) weight;
        }
      }
    }
    if (kept == 0) {
      return new CrossEntropy2d.Result(0.0, Nd4j.zeros(logits.dataType(), logits.shape()), 0);
    }
    return new CrossEntropy2d.Result(lossSum / kept, scores.logitsGradient(logits, kept, alignCorners), kept);
  }
}
