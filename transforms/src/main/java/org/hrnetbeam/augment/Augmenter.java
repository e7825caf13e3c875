package org.hrnetbeam.augment;

import org.hrnetbeam.imageio.ByteLabel;
import org.hrnetbeam.imageio.Resize;
import org.hrnetbeam.imageio.RgbImage;
import org.hrnetbeam.imageio.Window;

/**
 * The reference's {@code gen_sample} for one training sample (REFERENCE.md, "Data augmentation"),
 * on 8-bit pixels (normalisation happens at training time):
 *
 * <ol>
 *   <li>scale s = 0.5 + randint(0, SCALE_FACTOR)/10; long side → int(BASE_SIZE·s + 0.5), short
 *       side int(short·long/long_old + 0.5); image bilinear, label nearest;
 *   <li>pad bottom/right to the crop size (image 0, label ignore), crop at x, y drawn uniformly
 *       and inclusively;
 *   <li>optional brightness: with p = 0.5 add randint(−v, v), clipped to 0..255 (image only);
 *   <li>horizontal flip of image and label together with p = 0.5;
 *   <li>label shrunk by DOWNSAMPLERATE (nearest).
 * </ol>
 *
 * With MULTI_SCALE false steps 1–2 are skipped. Draws happen in this order from one
 * {@link SampleRandom}. Only the crop window of the scaled image is computed, which gives the same
 * pixels as scaling everything first, and a flipped crop is resized mirrored, which gives the same
 * pixels as flipping afterwards without a pass of its own.
 */
public final class Augmenter {
  private Augmenter() {}

  public static AugmentedSample augment(RgbImage source, ByteLabel sourceLabel, AugmentSettings s, SampleRandom random) {
    double scale = 1.0;
    int cropX = 0;
    int cropY = 0;
    int newW = source.width();
    int newH = source.height();
    if (s.multiScale()) {
      scale = 0.5 + random.randint(0, s.scaleFactor()) / 10.0;
      int longSide = (int) (s.baseSize() * scale + 0.5);
      int w = source.width();
      int h = source.height();
      if (h > w) {
        newH = longSide;
        newW = (int) ((double) w * longSide / h + 0.5);
      } else {
        newW = longSide;
        newH = (int) ((double) h * longSide / w + 0.5);
      }
      cropX = random.randint(0, Math.max(newW, s.cropWidth()) - s.cropWidth());
      cropY = random.randint(0, Math.max(newH, s.cropHeight()) - s.cropHeight());
    }
    // Every draw happens before any pixel is touched, in the reference's order (scale, x, y,
    // brightness, flip): the flip is then done while resizing, not as a pass of its own.
    int shift = 0;
    if (s.randomBrightness() && random.uniform() >= 0.5) {
      shift = random.randint(-s.brightnessShift(), s.brightnessShift());
    }
    boolean flipped = s.flip() && random.randint(0, 1) == 0;
    RgbImage image;
    ByteLabel label;
    if (s.multiScale()) {
      Window inside = new Window(cropX, cropY, Math.min(s.cropWidth(), newW - cropX), Math.min(s.cropHeight(), newH - cropY));
      // Resized mirrored, the window's padding lands on the left, where the flip puts it.
      image = pad(Resize.bilinear(source, newW, newH, inside, flipped), s.cropWidth(), s.cropHeight(), flipped);
      label = pad(Resize.nearest(sourceLabel, newW, newH, inside, flipped), s.cropWidth(), s.cropHeight(), s.ignore(),
          flipped);
    } else {
      image = flipped ? mirror(source) : source;
      label = flipped ? mirror(sourceLabel) : sourceLabel;
    }
    if (shift != 0) {
      // Per pixel, so applying it after the flip gives the reference's pixels.
      image = brighten(image, shift);
    }
    if (s.downsampleRate() != 1) {
      label = Resize.nearestByFactor(label, 1.0 / s.downsampleRate());
    }
    return new AugmentedSample(image, label, scale, cropX, cropY, shift, flipped);
  }

  /** Pads bottom and right with 0 (or, {@code alignRight}, bottom and left: a mirrored crop's padding). */
  static RgbImage pad(RgbImage image, int width, int height, boolean alignRight) {
    if (image.width() == width && image.height() == height) {
      return image;
    }
    byte[] out = new byte[width * height * 3];
    int stride = image.width() * 3;
    int left = alignRight ? (width - image.width()) * 3 : 0;
    for (int y = 0; y < image.height(); y++) {
      System.arraycopy(image.rgb(), y * stride, out, y * width * 3 + left, stride);
    }
    return new RgbImage(width, height, out);
  }

  /** Pads bottom and right with {@code ignore} (or bottom and left, {@code alignRight}). */
  static ByteLabel pad(ByteLabel label, int width, int height, int ignore, boolean alignRight) {
    if (label.width() == width && label.height() == height) {
      return label;
    }
    byte[] out = new byte[width * height];
    java.util.Arrays.fill(out, (byte) ignore);
    int left = alignRight ? width - label.width() : 0;
    for (int y = 0; y < label.height(); y++) {
      System.arraycopy(label.ids(), y * label.width(), out, y * width + left, label.width());
    }
    return new ByteLabel(width, height, out);
  }

  static RgbImage brighten(RgbImage image, int shift) {
    byte[] in = image.rgb();
    byte[] out = new byte[in.length];
    for (int i = 0; i < in.length; i++) {
      int v = (in[i] & 0xFF) + shift;
      out[i] = (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
    return new RgbImage(image.width(), image.height(), out);
  }

  static RgbImage mirror(RgbImage image) {
    int w = image.width();
    byte[] in = image.rgb();
    byte[] out = new byte[in.length];
    for (int y = 0; y < image.height(); y++) {
      int row = y * w * 3;
      for (int x = 0; x < w; x++) {
        int s = row + x * 3;
        int d = row + (w - 1 - x) * 3;
        out[d] = in[s];
        out[d + 1] = in[s + 1];
        out[d + 2] = in[s + 2];
      }
    }
    return new RgbImage(w, image.height(), out);
  }

  static ByteLabel mirror(ByteLabel label) {
    int w = label.width();
    byte[] in = label.ids();
    byte[] out = new byte[in.length];
    for (int y = 0; y < label.height(); y++) {
      int row = y * w;
      for (int x = 0; x < w; x++) {
        out[row + w - 1 - x] = in[row + x];
      }
    }
    return new ByteLabel(w, label.height(), out);
  }
}
