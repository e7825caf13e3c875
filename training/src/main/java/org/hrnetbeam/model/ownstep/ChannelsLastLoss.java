package org.hrnetbeam.model.ownstep;

import java.util.Arrays;
import org.hrnetbeam.loss.CrossEntropy2d;
import org.hrnetbeam.loss.SegmentationCriterion;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The product's criterion ({@link SegmentationCriterion}: cross-entropy with class weights, or
 * OHEM, after the bilinear upsample to the label size) on channels-last logits: the logits are
 * copied into a dense NCHW array, the criterion runs on it exactly as in the DL4J path (same values,
 * so the same loss and gradient bits), and its NCHW gradient is copied back channels last.
 *
 * <p>The logits are small (for 19 classes at 64×128, batch 2: 0.3 M floats), so the two transposing
 * copies are cheap; the NCHW logits array and the channels-last gradient are allocated once. The
 * criterion allocates its own result arrays on every call (as it does in the DL4J path).
 */
public final class ChannelsLastLoss {
  private final SegmentationCriterion criterion;
  private final INDArray nchwLogits;
  private final NhwcArray gradient;

  /** For logits shaped as {@code logitsShape} (only its sizes are read). */
  public ChannelsLastLoss(SegmentationCriterion criterion, NhwcArray logitsShape) {
    this.criterion = criterion;
    NhwcArray s = logitsShape;
    nchwLogits = Nd4j.create(DataType.FLOAT, new long[]{s.batch, s.channels, s.height, s.width}, 'c');
    gradient = new NhwcArray(s.batch, s.channels, s.height, s.width);
  }

  /**
   * The loss of {@code logits} against {@code labels} ([N, H, W] class indices, the criterion's
   * ignore label where nothing counts); the logits' gradient lands in {@link #gradient()}. The
   * result's own {@code logitsGradient} is the criterion's NCHW array (the same values).
   */
  public CrossEntropy2d.Result compute(NhwcArray logits, INDArray labels) {
    if (!Arrays.equals(logits.nchwView.shape(), nchwLogits.shape())) {
      throw new IllegalArgumentException("loss logits must have NCHW shape " + Arrays.toString(nchwLogits.shape())
          + ", got " + Arrays.toString(logits.nchwView.shape()));
    }
    nchwLogits.assign(logits.nchwView);
    CrossEntropy2d.Result r = criterion.compute(nchwLogits, labels);
    gradient.assignFromNchw(r.logitsGradient());
    return r;
  }

  /** The logits' gradient of the last {@link #compute}, channels last (live, overwritten by the next). */
  public NhwcArray gradient() {
    return gradient;
  }
}
