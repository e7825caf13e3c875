package org.hrnetbeam.inference;

import java.util.stream.IntStream;
import org.hrnetbeam.model.BilinearTaps;
import org.hrnetbeam.model.BilinearWeights;

/**
 * Bilinear resize of {@link Planes} with PyTorch's {@code F.interpolate(mode='bilinear')} sampling
 * in either align_corners convention, taken from the model's {@link BilinearWeights} (as
 * {@link BilinearTaps}, which the model's resize and the loss use too) so evaluation
 * and network agree. Every output value mixes at most two inputs per axis, so this runs the two
 * taps directly (rows first, then columns) instead of the dense matrix products the model needs for
 * its backward pass: resizing 19×256×512 logits to 1024×2048 costs about 0.2 G multiply-adds here
 * against about 15 G as matrix products.
 *
 * <p>With align_corners=false this is also OpenCV's {@code INTER_LINEAR} on float images (same
 * half-pixel source coordinate, clamped at the borders), which the reference uses to rescale test
 * images.
 */
public final class TwoTapBilinear {
  private TwoTapBilinear() {
  }

  /** {@code planes} resized to {@code outHeight × outWidth}; the same object when the size is unchanged. */
  public static Planes resize(Planes planes, int outHeight, int outWidth, boolean alignCorners) {
    int c = planes.channels();
    int h = planes.height();
    int w = planes.width();
    if (h == outHeight && w == outWidth) {
      return planes;
    }
    BilinearTaps rows = BilinearTaps.of(h, outHeight, alignCorners);
    BilinearTaps cols = BilinearTaps.of(w, outWidth, alignCorners);
    float[] in = planes.data();
    float[] out = new float[c * outHeight * outWidth];
    IntStream.range(0, c).parallel().forEach(ch -> {
      float[] widened = new float[h * outWidth];
      for (int y = 0; y < h; y++) {
        int src = (ch * h + y) * w;
        int dst = y * outWidth;
        for (int x = 0; x < outWidth; x++) {
          widened[dst + x] = cols.w0[x] * in[src + cols.i0[x]] + cols.w1[x] * in[src + cols.i1[x]];
        }
      }
      for (int y = 0; y < outHeight; y++) {
        int a = rows.i0[y] * outWidth;
        int b = rows.i1[y] * outWidth;
        float wa = rows.w0[y];
        float wb = rows.w1[y];
        int dst = (ch * outHeight + y) * outWidth;
        for (int x = 0; x < outWidth; x++) {
          out[dst + x] = wa * widened[a + x] + wb * widened[b + x];
        }
      }
    });
    return Planes.wrap(c, outHeight, outWidth, out);
  }
}
