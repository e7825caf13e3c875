package org.hrnetbeam.loss;

import java.util.Arrays;
import org.hrnetbeam.model.BilinearResize;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * What both criteria start from, as the reference's criteria do: the logits upsampled bilinearly to
 * the label size, then log-softmax over the classes, laid out per pixel (NHWC, classes last), with
 * the labels beside them; and the way back from a per-pixel gradient to d loss / d logits.
 */
final class PixelScores {
  final int n;
  final int c;
  final int h;
  final int w;
  /** log p for every pixel and class, NHWC. */
  final float[] logProb;
  /** p for every pixel and class, NHWC; the criteria turn it into their gradient in place. */
  final float[] prob;
  /** the label of every pixel, NHW. */
  final int[] labels;

  private PixelScores(int n, int c, int h, int w, float[] logProb, float[] prob, int[] labels) {
    this.n = n;
    this.c = c;
    this.h = h;
    this.w = w;
    this.logProb = logProb;
    this.prob = prob;
    this.labels = labels;
  }

  /**
   * @param logits [N, C, h, w] raw network output
   * @param labels [N, H, W] class indices (any integer or float type)
   * @param classWeights one per class or {@code null}; only its length is checked here
   */
  static PixelScores of(INDArray logits, INDArray labels, boolean alignCorners, double[] classWeights) {
    if (labels.rank() != 3 || labels.size(0) != logits.size(0)) {
      throw new IllegalArgumentException("labels must be [N, H, W] with N = " + logits.size(0) + ", got "
          + Arrays.toString(labels.shape()));
    }
    int c = (int) logits.size(1);
    if (classWeights != null && classWeights.length != c) {
      throw new IllegalArgumentException(classWeights.length + " class weights for " + c + " classes");
    }
    int h = (int) labels.size(1);
    int w = (int) labels.size(2);
    INDArray up = BilinearResize.resize(logits.castTo(DataType.FLOAT), h, w, alignCorners);
    // Log-softmax over classes in one native op (numerically stable, multi-threaded), classes last
    // (NHWC), the layout the op normalises over; the per-pixel bookkeeping then touches only the
    // true class of each pixel.
    INDArray logProb = Nd4j.exec(new LogSoftMax(up.permute(0, 2, 3, 1).dup('c')))[0];
    float[] lp = logProb.dup('c').data().asFloat();
    float[] p = Transforms.exp(logProb, true).dup('c').data().asFloat();
    int[] y = labels.castTo(DataType.INT).dup('c').data().asInt();
    return new PixelScores((int) logits.size(0), c, h, w, lp, p, y);
  }

  /** d loss / d logits, from the per-pixel gradient left in {@link #prob} divided by {@code divisor}. */
  INDArray logitsGradient(INDArray logits, double divisor, boolean alignCorners) {
    INDArray gradUp = Nd4j.create(prob, new long[]{n, h, w, c}, 'c').permute(0, 3, 1, 2).dup('c').divi(divisor);
    INDArray gradLogits = BilinearResize.backward(gradUp, (int) logits.size(2), (int) logits.size(3), alignCorners);
    return gradLogits.castTo(logits.dataType());
  }
}
