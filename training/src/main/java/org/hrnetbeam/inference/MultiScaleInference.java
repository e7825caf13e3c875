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
 * else is a few passes over maps of classes × pixels: the logits' resize is fused with the flip
 * mean, exp and window sum ({@link LogitUpsampling}), and each scale's resize to the original size
 * with the sum over scales ({@link TwoTapBilinear#resizeAddInto}).
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
        Planes logits = logitsOf(image);
        Planes mirrored = settings.flip() ? logitsOf(image.flipHorizontal()) : null;
        return LogitUpsampling.argmax(logits, mirrored, image.height(), image.width(), settings.alignCorners());
      }
    }
    return scores(image).argmax();
  }

  /** The sum over scales of exp(logits) at the image's size: {@code classes × H × W}. */
  public Planes scores(Planes image) {
    requireRgb(image);
    Planes total = Planes.zeros(settings.numClasses(), image.height(), image.width());
    for (double scale : settings.scales()) {
      addScale(image, scale, total);
    }
    return total;
  }

  private static void requireRgb(Planes image) {
    if (image.channels() != 3) {
      throw new IllegalArgumentException("inference needs a 3-channel image, got " + image.shape());
    }
  }

  /**
   * Adds into {@code total} the exp of the (flip-averaged) logits at one scale, resized to the
   * image's size: the whole scaled image as one run for s ≤ 1, else the mean over the windows that
   * cover each pixel (the division done as the resize reads the sums).
   */
  private void addScale(Planes image, double scale, Planes total) {
    ScaledSize size = ScaledSize.of(image.height(), image.width(), settings.baseSize(), scale);
    Planes scaled = TwoTapBilinear.resize(image, size.height(), size.width(), false);
    Planes sum = Planes.zeros(settings.numClasses(), size.height(), size.width());
    if (scale <= 1.0) {
      addExpOfRun(sum, scaled, 0, 0);
      TwoTapBilinear.resizeAddInto(sum, total, settings.alignCorners());
      return;
    }
    List<Window> windows = WindowPlan.windows(size.height(), size.width(), settings.windowHeight(),
        settings.windowWidth());
    for (Window w : windows) {
      addExpOfRun(sum, scaled.crop(w.top(), w.left(), w.height(), w.width()), w.top(), w.left());
    }
    TwoTapBilinear.resizeAddInto(sum, WindowPlan.coverage(size.height(), size.width(), windows), total,
        settings.alignCorners());
  }

  /**
   * The reference's {@code inference} on {@code input}, added into {@code sum} at {@code (top, left)}:
   * exp of the logits resized to the input's size, averaged with the mirrored run's when FLIP_TEST
   * is on.
   */
  private void addExpOfRun(Planes sum, Planes input, int top, int left) {
    Planes logits = logitsOf(input);
    Planes mirrored = settings.flip() ? logitsOf(input.flipHorizontal()) : null;
    LogitUpsampling.addExp(sum, top, left, logits, mirrored, input.height(), input.width(), settings.alignCorners());
  }

  /** The network's logits for {@code input}, at the network's output size. */
  private Planes logitsOf(Planes input) {
    INDArray out = forward.apply(input.toBatch());
    if (out.rank() != 4 || out.size(0) != 1 || out.size(1) != settings.numClasses()) {
      throw new IllegalStateException("the model returned " + Arrays.toString(out.shape()) + " for input "
          + input.shape() + "; expected [1, " + settings.numClasses() + ", h, w] (DATASET.NUM_CLASSES)");
    }
    return Planes.fromBatch(out);
  }
}
