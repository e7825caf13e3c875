package org.hrnetbeam.loss;

import org.hrnetbeam.model.BilinearResize;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

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
    int n = (int) logits.size(0);
    int c = (int) logits.size(1);
    int h = (int) labels.size(1);
    int w = (int) labels.size(2);
    if (labels.rank() != 3 || labels.size(0) != n) {
      throw new IllegalArgumentException("labels must be [N, H, W] with N = " + n + ", got "
          + java.util.Arrays.toString(labels.shape()));
    }
    if (classWeights != null && classWeights.length != c) {
      throw new IllegalArgumentException(classWeights.length + " class weights for " + c + " classes");
    }
    INDArray up = BilinearResize.resize(logits.castTo(DataType.FLOAT), h, w, alignCorners);
    // Log-softmax over classes in one native op (numerically stable, multi-threaded); the
    // per-pixel bookkeeping below then only touches the true class of each pixel.
    // Classes last (NHWC), the layout the op normalises over.
    INDArray logProb = Nd4j.exec(new LogSoftMax(up.permute(0, 2, 3, 1).dup('c')))[0];
    float[] lp = logProb.dup('c').data().asFloat();
    float[] grad = Transforms.exp(logProb, true).dup('c').data().asFloat();
    int[] y = labels.castTo(DataType.INT).dup('c').data().asInt();
    int plane = h * w;
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
    INDArray gradUp = Nd4j.create(grad, new long[]{n, h, w, c}, 'c').permute(0, 3, 1, 2).dup('c').divi(weightSum);
    INDArray gradLogits = BilinearResize.backward(gradUp, (int) logits.size(2), (int) logits.size(3), alignCorners);
    return new Result(lossSum / weightSum, gradLogits.castTo(logits.dataType()), valid);
  }
}
