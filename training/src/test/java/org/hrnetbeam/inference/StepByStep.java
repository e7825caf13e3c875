package org.hrnetbeam.inference;

/**
 * The evaluation's post-processing written out one step at a time, each step a plain loop over whole
 * planes: the oracle the fused paths ({@link LogitUpsampling}, {@link TwoTapBilinear}'s resize into a
 * total) are compared with, float for float. Test code only: the stage never runs these.
 */
final class StepByStep {
  private StepByStep() {
  }

  /** {@code total += other}, same shape. */
  static void add(Planes total, Planes other) {
    requireSameShape(total, other);
    float[] t = total.data();
    float[] o = other.data();
    for (int i = 0; i < t.length; i++) {
      t[i] += o[i];
    }
  }

  /** Adds {@code window} into {@code total}'s region whose top-left corner is {@code (top, left)}. */
  static void addAt(Planes total, Planes window, int top, int left) {
    if (window.channels() != total.channels() || top < 0 || left < 0 || top + window.height() > total.height()
        || left + window.width() > total.width()) {
      throw new IllegalArgumentException(window.shape() + " at (" + top + ", " + left + ") does not fit "
          + total.shape());
    }
    float[] t = total.data();
    float[] w = window.data();
    for (int c = 0; c < window.channels(); c++) {
      for (int y = 0; y < window.height(); y++) {
        int src = (c * window.height() + y) * window.width();
        int dst = (c * total.height() + top + y) * total.width() + left;
        for (int x = 0; x < window.width(); x++) {
          t[dst + x] += w[src + x];
        }
      }
    }
  }

  /** Each value becomes (a + b)·0.5 with b the value at the mirrored column of {@code mirrored}. */
  static void averageWithMirrored(Planes planes, Planes mirrored) {
    requireSameShape(planes, mirrored);
    float[] a = planes.data();
    float[] b = mirrored.data();
    int width = planes.width();
    for (int base = 0; base < a.length; base += width) {
      for (int x = 0; x < width; x++) {
        a[base + x] = (a[base + x] + b[base + width - 1 - x]) * 0.5f;
      }
    }
  }

  /** Divides every channel's pixel i by {@code count[i]}. */
  static void divideBy(Planes planes, int[] count) {
    int pixels = planes.height() * planes.width();
    if (count.length != pixels) {
      throw new IllegalArgumentException(count.length + " counts for " + planes.shape() + " planes");
    }
    float[] data = planes.data();
    for (int i = 0; i < data.length; i++) {
      data[i] /= (float) count[i % pixels];
    }
  }

  /** Replaces every value v by {@link FastExp#exp}(v). */
  static void expInPlace(Planes planes) {
    float[] data = planes.data();
    for (int i = 0; i < data.length; i++) {
      data[i] = FastExp.exp(data[i]);
    }
  }

  private static void requireSameShape(Planes a, Planes b) {
    if (a.channels() != b.channels() || a.height() != b.height() || a.width() != b.width()) {
      throw new IllegalArgumentException("planes " + b.shape() + " do not match " + a.shape());
    }
  }
}
