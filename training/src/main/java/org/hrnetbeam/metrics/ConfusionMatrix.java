package org.hrnetbeam.metrics;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Pixel counts of (ground truth, prediction) pairs: rows are ground truth, columns prediction, as in
 * the reference's {@code get_confusion_matrix}. Pixels whose ground truth is the ignore label are
 * skipped; any other label outside {@code [0, numClasses)} is an error that names the value, because
 * it means a label map or a model does not match the config.
 *
 * <p>Mutable on purpose: it is the accumulator of a Beam {@code CombineFn} ({@link #add}, {@link
 * #merge}, {@link #finish}) and of validation during training. Counts are {@code long}: a
 * Cityscapes val pass is 1.0e9 pixels, past {@code int}.
 */
public final class ConfusionMatrix implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int numClasses;
  private final int ignoreLabel;
  private final long[] counts;

  /**
   * @param numClasses  DATASET.NUM_CLASSES
   * @param ignoreLabel TRAIN.IGNORE_LABEL; it may lie outside {@code [0, numClasses)} (255, −1)
   */
  public ConfusionMatrix(int numClasses, int ignoreLabel) {
    if (numClasses < 1) {
      throw new IllegalArgumentException("a confusion matrix needs at least 1 class, got " + numClasses);
    }
    this.numClasses = numClasses;
    this.ignoreLabel = ignoreLabel;
    this.counts = new long[numClasses * numClasses];
  }

  /**
   * A matrix holding the given counts {@code [gt][pred]} (as {@link #toArray} returns them), for
   * reading a saved matrix back.
   *
   * @throws IllegalArgumentException when the counts are not square or one is negative
   */
  public static ConfusionMatrix of(long[][] counts, int ignoreLabel) {
    ConfusionMatrix m = new ConfusionMatrix(counts.length, ignoreLabel);
    for (int g = 0; g < counts.length; g++) {
      if (counts[g].length != counts.length) {
        throw new IllegalArgumentException("row " + g + " of a " + counts.length + "-class confusion matrix has "
            + counts[g].length + " counts");
      }
      for (int p = 0; p < counts.length; p++) {
        if (counts[g][p] < 0) {
          throw new IllegalArgumentException("count [" + g + "][" + p + "] is negative: " + counts[g][p]);
        }
        m.counts[g * counts.length + p] = counts[g][p];
      }
    }
    return m;
  }

  public int numClasses() {
    return numClasses;
  }

  public int ignoreLabel() {
    return ignoreLabel;
  }

  /** Pixels with ground truth {@code gt} predicted as {@code pred}. */
  public long count(int gt, int pred) {
    return counts[checkedClass(gt, "ground-truth class") * numClasses + checkedClass(pred, "predicted class")];
  }

  /** Sum of all counts: the number of non-ignored pixels added so far. */
  public long total() {
    long sum = 0;
    for (long c : counts) {
      sum += c;
    }
    return sum;
  }

  /**
   * Counts one image (or a batch, flattened): {@code predicted[i]} against {@code groundTruth[i]}.
   *
   * @return this matrix, for chaining
   * @throws IllegalArgumentException when the lengths differ or a label is out of range (naming it)
   */
  public ConfusionMatrix add(int[] predicted, int[] groundTruth) {
    if (predicted.length != groundTruth.length) {
      throw new IllegalArgumentException("prediction has " + predicted.length + " pixels but ground truth has "
          + groundTruth.length);
    }
    int n = numClasses;
    for (int i = 0; i < groundTruth.length; i++) {
      int g = groundTruth[i];
      if (g == ignoreLabel) {
        continue;
      }
      int p = predicted[i];
      if (g < 0 || g >= n) {
        throw new IllegalArgumentException("ground-truth label " + g + " at pixel " + i + " is outside [0, " + n
            + ") and is not the ignore label " + ignoreLabel);
      }
      if (p < 0 || p >= n) {
        throw new IllegalArgumentException("predicted class " + p + " at pixel " + i + " is outside [0, " + n + ")");
      }
      counts[g * n + p]++;
    }
    return this;
  }

  /**
   * Adds another matrix's counts into this one.
   *
   * @return this matrix, for chaining
   */
  public ConfusionMatrix merge(ConfusionMatrix other) {
    if (other.numClasses != numClasses || other.ignoreLabel != ignoreLabel) {
      throw new IllegalArgumentException("cannot merge a confusion matrix of " + other.numClasses
          + " classes (ignore " + other.ignoreLabel + ") into one of " + numClasses + " classes (ignore "
          + ignoreLabel + ")");
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    return this;
  }

  /** The metrics of everything added so far; the matrix stays usable. */
  public SegmentationMetrics finish() {
    long[] gt = new long[numClasses];
    long[] pred = new long[numClasses];
    long[] tp = new long[numClasses];
    for (int g = 0; g < numClasses; g++) {
      for (int p = 0; p < numClasses; p++) {
        long c = counts[g * numClasses + p];
        gt[g] += c;
        pred[p] += c;
      }
      tp[g] = counts[g * numClasses + g];
    }
    return SegmentationMetrics.of(gt, pred, tp);
  }

  /** A copy of the counts as {@code [gt][pred]}. */
  public long[][] toArray() {
    long[][] out = new long[numClasses][];
    for (int g = 0; g < numClasses; g++) {
      out[g] = Arrays.copyOfRange(counts, g * numClasses, (g + 1) * numClasses);
    }
    return out;
  }

  private int checkedClass(int c, String what) {
    if (c < 0 || c >= numClasses) {
      throw new IllegalArgumentException(what + " " + c + " is outside [0, " + numClasses + ")");
    }
    return c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfusionMatrix m && m.numClasses == numClasses && m.ignoreLabel == ignoreLabel
        && Arrays.equals(m.counts, counts);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * numClasses + ignoreLabel) + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "ConfusionMatrix" + Arrays.deepToString(toArray());
  }
}
