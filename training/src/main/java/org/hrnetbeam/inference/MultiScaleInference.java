package org.hrnetbeam.inference;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Test-time inference by the reference's rules (HRNet-OCR branch, {@code Cityscapes.multi_scale_inference}
 * and {@code BaseDataset.inference}), for any model given as a forward function.
 *
 * <p>For each scale s of TEST.SCALE_LIST:
 * <ol>
 *   <li>the normalised image is resized (bilinear, OpenCV's half-pixel rule) to {@link ScaledSize};</li>
 *   <li>s ≤ 1: the whole scaled image runs at once; s &gt; 1: windows of TEST.IMAGE_SIZE placed by
 *       {@link WindowPlan}, each pixel averaged over the windows that cover it;</li>
 *   <li>each run: logits resized (bilinear, MODEL.ALIGN_CORNERS) to the run's input size; with FLIP_TEST
 *       the mirrored input runs too and the mirrored-back logits are averaged with the first; then
 *       exp. So windows average exp(logits), not logits, exactly as the reference;</li>
 *   <li>the scale's map is resized (bilinear, MODEL.ALIGN_CORNERS) to the original size and added to
 *       the total.</li>
 * </ol>
 * The argmax of the total is the prediction. Cost: one forward per run, two with flip; everything
 * else is a few passes over maps of classes × pixels.
 */
public final class MultiScaleInference {
  private final InferenceSettings settings;
  private final Function<INDArray, INDArray> forward;

  /**
   * @param forward a float32 NCHW image {@code [1, 3, h, w]} → logits {@code [1, classes, h', w']} at any
   *                size (1/4 of the input for HRNet)
   */
  public MultiScaleInference(InferenceSettings settings, Function<INDArray, INDArray> forward) {
    this.settings = settings;
    this.forward = forward;
  }

  public InferenceSettings settings() {
    return settings;
  }

  /**
   * Class indices {@code [H][W]} flattened, for a normalised image of {@code H × W}: the argmax of
   * {@link #scores}. When one scale runs the whole image at its own size (validation at full
   * resolution, the usual single-scale test) the scores are exp of the logits, and exp is strictly
   * increasing, so the argmax is taken on the logits and the exp (half the cost beside the forward
   * pass at 1024×2048) is skipped. It can differ only where exp itself rounds two different logits
   * to the same float (both above 88.7, overflowing to +∞, or within an ulp), where the reference's
   * tie goes to the lower class.
   */
  public int[] predict(Planes image) {
    requireRgb(image);
    if (settings.scales().size() == 1 && settings.scales().get(0) <= 1.0) {
      ScaledSize size = ScaledSize.of(image.height(), image.width(), settings.baseSize(),
          settings.scales().get(0));
      if (size.height() == image.height() && size.width() == image.width()) {
        return logits(image).argmax();
      }
    }
    return scores(image).argmax();
  }

  /** The sum over scales of exp(logits) at the image's size: {@code classes × H × W}. */
  public Planes scores(Planes image) {
    requireRgb(image);
    Planes total = null;
    for (double scale : settings.scales()) {
      Planes atScale = scoresAtScale(image, scale);
      Planes back = TwoTapBilinear.resize(atScale, image.height(), image.width(), settings.alignCorners());
      if (total == null) {
        total = back;
      } else {
        total.add(back);
      }
    }
    return total;
  }

  private static void requireRgb(Planes image) {
    if (image.channels() != 3) {
      throw new IllegalArgumentException("inference needs a 3-channel image, got " + image.shape());
    }
  }

  private Planes scoresAtScale(Planes image, double scale) {
    ScaledSize size = ScaledSize.of(image.height(), image.width(), settings.baseSize(), scale);
    Planes scaled = TwoTapBilinear.resize(image, size.height(), size.width(), false);
    if (scale <= 1.0) {
      return run(scaled);
    }
    List<Window> windows = WindowPlan.windows(size.height(), size.width(), settings.windowHeight(),
        settings.windowWidth());
    Planes sum = Planes.zeros(settings.numClasses(), size.height(), size.width());
    for (Window w : windows) {
      sum.addExpAt(logits(scaled.crop(w.top(), w.left(), w.height(), w.width())), w.top(), w.left());
    }
    sum.divideBy(WindowPlan.coverage(size.height(), size.width(), windows));
    return sum;
  }

  /** The reference's {@code inference}: exp of the (flip-averaged) logits at the input's size. */
  private Planes run(Planes input) {
    Planes scores = logits(input);
    scores.expInPlace();
    return scores;
  }

  /** The logits of {@code input} at its size, averaged with the mirrored run's when FLIP_TEST is on. */
  private Planes logits(Planes input) {
    Planes logits = logitsAtInputSize(input);
    if (settings.flip()) {
      logits.averageWithMirrored(logitsAtInputSize(input.flipHorizontal()));
    }
    return logits;
  }

  private Planes logitsAtInputSize(Planes input) {
    INDArray out = forward.apply(input.toBatch());
    if (out.rank() != 4 || out.size(0) != 1 || out.size(1) != settings.numClasses()) {
      throw new IllegalStateException("the model returned " + Arrays.toString(out.shape()) + " for input "
          + input.shape() + "; expected [1, " + settings.numClasses() + ", h, w] (DATASET.NUM_CLASSES)");
    }
    return TwoTapBilinear.resize(Planes.fromBatch(out), input.height(), input.width(), settings.alignCorners());
  }
}
