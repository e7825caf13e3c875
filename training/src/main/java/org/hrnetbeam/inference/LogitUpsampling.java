package org.hrnetbeam.inference;

import java.util.stream.IntStream;
import org.hrnetbeam.model.BilinearTaps;

/**
 * The network's logits (a quarter of the input's size) resized to the input's size and consumed in
 * the same pass, a row at a time, instead of materialising the full-size maps: at 1024×2048 each
 * such map is 19 × 2 M floats (160 MB), and writing it, flipping it, averaging and exp'ing it were
 * separate passes over memory. The arithmetic is {@link TwoTapBilinear#resize}'s, then
 * the flip mean (a + b)·0.5, then {@link FastExp}'s, in the same order, so the results are bit for bit
 * those of the separate steps (the tests compare with them, written out one at a time). The row loops (vertical resize pass, flip mean, exp and
 * window sum) run in the {@link RowKernels} kernel (lane-parallel where the JVM has the Vector API module).
 */
public final class LogitUpsampling {
  private LogitUpsampling() {
  }

  /**
   * Adds e^v into {@code sum} at {@code (top, left)} for every value v of the logits {@code logits}
   * resized to {@code height × width}, or with FLIP_TEST of their mean with the mirrored run's
   * {@code mirrored} (resized the same way and mirrored back): one window (or a whole scaled image)
   * of the reference's inference.
   *
   * @param mirrored the flipped input's logits, or null without flip
   */
  public static void addExp(Planes sum, int top, int left, Planes logits, Planes mirrored, int height, int width,
      boolean alignCorners) {
    requireSameShape(logits, mirrored);
    int channels = logits.channels();
    if (sum.channels() != channels || top < 0 || left < 0 || top + height > sum.height()
        || left + width > sum.width()) {
      throw new IllegalArgumentException(channels + "x" + height + "x" + width + " at (" + top + ", " + left
          + ") does not fit " + sum.shape());
    }
    Upsampler up = new Upsampler(logits, mirrored, height, width, alignCorners);
    float[] out = sum.data();
    RowKernel kernel = RowKernels.kernel();
    IntStream.range(0, channels).parallel().forEach(c -> {
      Upsampler.ChannelRows rows = up.channel(c);
      float[] row = new float[width];
      float[] scratch = new float[width];
      for (int y = 0; y < height; y++) {
        rows.meanRow(kernel, y, row, scratch);
        kernel.addExp(row, 0, out, (c * sum.height() + top + y) * sum.width() + left, width);
      }
    });
  }

  /**
   * Per pixel of the {@code height × width} resize of {@code logits} (with {@code mirrored}: of the
   * flip mean), the class with the largest value; ties go to the lowest class, as
   * {@link Planes#argmax}.
   *
   * @param mirrored the flipped input's logits, or null without flip
   * @return {@code [height][width]} flattened class indices
   */
  public static int[] argmax(Planes logits, Planes mirrored, int height, int width, boolean alignCorners) {
    requireSameShape(logits, mirrored);
    Upsampler up = new Upsampler(logits, mirrored, height, width, alignCorners);
    RowKernel kernel = RowKernels.kernel();
    Upsampler.ChannelRows[] channels = IntStream.range(0, logits.channels()).parallel().mapToObj(up::channel)
        .toArray(Upsampler.ChannelRows[]::new);
    int[] best = new int[height * width];
    IntStream.range(0, height).parallel().forEach(y -> {
      float[] bestValue = new float[width];
      float[] row = new float[width];
      float[] scratch = new float[width];
      channels[0].meanRow(kernel, y, bestValue, scratch);
      int from = y * width;
      for (int c = 1; c < channels.length; c++) {
        channels[c].meanRow(kernel, y, row, scratch);
        for (int x = 0; x < width; x++) {
          if (row[x] > bestValue[x]) {
            bestValue[x] = row[x];
            best[from + x] = c;
          }
        }
      }
    });
    return best;
  }

  private static void requireSameShape(Planes logits, Planes mirrored) {
    if (mirrored != null && (mirrored.channels() != logits.channels() || mirrored.height() != logits.height()
        || mirrored.width() != logits.width())) {
      throw new IllegalArgumentException("mirrored logits " + mirrored.shape() + " do not match " + logits.shape());
    }
  }

  /** The taps of one resize and the two runs' logits it applies to. */
  private static final class Upsampler {
    private final Planes logits;
    private final Planes mirrored;
    private final int width;
    private final BilinearTaps rows;
    private final BilinearTaps cols;

    Upsampler(Planes logits, Planes mirrored, int height, int width, boolean alignCorners) {
      this.logits = logits;
      this.mirrored = mirrored;
      this.width = width;
      // Same size: no resize at all, as TwoTapBilinear.resize returns its input then.
      boolean same = logits.height() == height && logits.width() == width;
      this.rows = same ? null : TwoTapBilinear.taps(logits.height(), height, alignCorners);
      this.cols = same ? null : TwoTapBilinear.taps(logits.width(), width, alignCorners);
    }

    ChannelRows channel(int c) {
      if (rows == null) {
        return new ChannelRows(c, null, null, null);
      }
      return new ChannelRows(c, rows, TwoTapBilinear.widen(logits, c, cols),
          mirrored == null ? null : TwoTapBilinear.widenMirrored(mirrored, c, cols));
    }

    /** One channel's output rows, from its width-resized rows (or the logits themselves at the same size). */
    private final class ChannelRows {
      private final int channel;
      private final BilinearTaps rowTaps;
      private final float[] widened;
      private final float[] widenedMirrored;

      /**
       * @param widenedMirrored the flipped run's width-resized rows, each mirrored back left to right,
       *                        so the flip mean reads both runs at the same index (a plain stride for
       *                        vector loads)
       */
      ChannelRows(int channel, BilinearTaps rowTaps, float[] widened, float[] widenedMirrored) {
        this.channel = channel;
        this.rowTaps = rowTaps;
        this.widened = widened;
        this.widenedMirrored = widenedMirrored;
      }

      /**
       * Output row {@code y} into {@code row}: the resized logits, or (a + b)·0.5 with the mirrored
       * run's value b; {@code scratch} (as long as a row) holds the mirrored row meanwhile when the
       * logits are already at the output size.
       */
      void meanRow(RowKernel kernel, int y, float[] row, float[] scratch) {
        if (rowTaps == null) {
          System.arraycopy(logits.data(), (channel * logits.height() + y) * width, row, 0, width);
          if (mirrored == null) {
            return;
          }
          System.arraycopy(mirrored.data(), (channel * mirrored.height() + y) * width, scratch, 0, width);
          int last = width - 1;
          for (int x = 0; x < width; x++) {
            row[x] = (row[x] + scratch[last - x]) * 0.5f;
          }
          return;
        }
        int a = rowTaps.i0[y] * width;
        int b = rowTaps.i1[y] * width;
        if (mirrored == null) {
          kernel.resizedRow(widened, a, b, rowTaps.w0[y], rowTaps.w1[y], row, width);
        } else {
          kernel.meanOfResizedRows(widened, widenedMirrored, a, b, rowTaps.w0[y], rowTaps.w1[y], row, width);
        }
      }
    }
  }
}
