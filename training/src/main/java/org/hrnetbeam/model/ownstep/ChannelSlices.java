package org.hrnetbeam.model.ownstep;

import java.util.stream.IntStream;

/**
 * Channel concatenation on channels-last arrays and its backward: each pixel of the wide array holds
 * the parts' channels one after another, so a part is a strided run of {@code C_part} floats per
 * pixel. Split over the cores by pixel chunks; pure copies, so the result does not depend on the
 * split.
 */
final class ChannelSlices {
  private static final int CHUNKS = 16;
  private static final int BLOCK = 256;
  private static final ThreadLocal<float[][]> BLOCK_ARRAY = ThreadLocal.withInitial(() -> new float[1][0]);

  private ChannelSlices() {
  }

  /** Writes {@code part} into channels [offset, offset + part.channels) of {@code whole}. */
  static void copyIn(NhwcArray part, NhwcArray whole, int offset) {
    check(part, whole, offset);
    int c = part.channels;
    int wc = whole.channels;
    forChunks(part.pixels(), (from, to) -> {
      float[] block = block(BLOCK * c);
      for (int p = from; p < to; p += BLOCK) {
        int n = Math.min(BLOCK, to - p);
        part.buffer.get(p * c, block, 0, n * c);
        for (int i = 0; i < n; i++) {
          whole.buffer.put((p + i) * wc + offset, block, i * c, c);
        }
      }
    });
  }

  /** Writes channels [offset, offset + part.channels) of {@code whole} into {@code part}. */
  static void copyOut(NhwcArray whole, int offset, NhwcArray part) {
    check(part, whole, offset);
    int c = part.channels;
    int wc = whole.channels;
    forChunks(part.pixels(), (from, to) -> {
      float[] block = block(BLOCK * c);
      for (int p = from; p < to; p += BLOCK) {
        int n = Math.min(BLOCK, to - p);
        for (int i = 0; i < n; i++) {
          whole.buffer.get((p + i) * wc + offset, block, i * c, c);
        }
        part.buffer.put(p * c, block, 0, n * c);
      }
    });
  }

  private static void check(NhwcArray part, NhwcArray whole, int offset) {
    if (part.batch != whole.batch || part.height != whole.height || part.width != whole.width || offset < 0
        || offset + part.channels > whole.channels) {
      throw new IllegalArgumentException("channel slice [" + offset + ", " + (offset + part.channels) + ") of a "
          + part.batch + "x" + part.channels + "x" + part.height + "x" + part.width + " part does not fit a "
          + whole.batch + "x" + whole.channels + "x" + whole.height + "x" + whole.width + " array (NCHW sizes)");
    }
  }

  private interface ChunkWork {
    void run(int fromPixel, int toPixel);
  }

  private static void forChunks(int pixels, ChunkWork work) {
    IntStream.range(0, CHUNKS).parallel().forEach(chunk -> work.run((int) ((long) pixels * chunk / CHUNKS),
        (int) ((long) pixels * (chunk + 1) / CHUNKS)));
  }

  /** This thread's reusable block of at least {@code size} floats (contents undefined). */
  private static float[] block(int size) {
    float[][] b = BLOCK_ARRAY.get();
    if (b[0].length < size) {
      b[0] = new float[size];
    }
    return b[0];
  }
}
