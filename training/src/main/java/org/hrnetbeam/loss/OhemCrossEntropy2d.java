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
 * <p>Cost: the fused pass of {@link UpsampledSoftmax} twice (true-class probabilities, then the
 * kept pixels' gradient) and one sort of the batch's valid probabilities (n log n; 1 M pixels for
 * 2 × 512 × 1024).
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
    int[] y = PixelLabels.of(logits, labels, classWeights);
    int c = (int) logits.size(1);
    int pixels = y.length;
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
      valid++;
    }
    if (valid == 0) {
      return new CrossEntropy2d.Result(0.0, Nd4j.zeros(logits.dataType(), logits.shape()), 0);
    }
    UpsampledSoftmax scores = UpsampledSoftmax.of(logits, (int) labels.size(1), (int) labels.size(2), alignCorners);
    float[] logProb = new float[pixels];
    scores.trueClassLogProb(y, ignoreLabel, logProb);
    float[] trueProb = new float[pixels];
    float[] sorted = new float[valid];
    int v = 0;
    for (int i = 0; i < pixels; i++) {
      if (y[i] != ignoreLabel) {
        trueProb[i] = (float) Math.exp(logProb[i]);
        sorted[v++] = trueProb[i];
      }
    }
    Arrays.sort(sorted);
    double cut = Math.max(threshold, sorted[Math.min(minKept, valid - 1)]);
    double[] weight = new double[pixels];
    long kept = 0;
    for (int i = 0; i < pixels; i++) {
      if (y[i] != ignoreLabel && trueProb[i] < cut) {
        weight[i] = classWeights == null ? 1.0 : classWeights[y[i]];
        kept++;
      }
    }
    if (kept == 0) {
      return new CrossEntropy2d.Result(0.0, Nd4j.zeros(logits.dataType(), logits.shape()), 0);
    }
    float[] gradient = new float[(int) logits.length()];
    double lossSum = scores.lossAndGradient(y, weight, 1.0 / kept, gradient);
    INDArray gradLogits = Nd4j.create(gradient, logits.shape(), 'c').castTo(logits.dataType());
    return new CrossEntropy2d.Result(lossSum / kept, gradLogits, kept);
  }
}
