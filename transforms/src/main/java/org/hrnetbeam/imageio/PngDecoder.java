package org.hrnetbeam.imageio;

import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A direct PNG decoder for the files datasets are made of: non-interlaced 8-bit RGB, RGBA, gray
 * and palette images, 16-bit gray labels. It inflates straight into our pixel layout, which
 * takes about half the time of {@code javax.imageio} (no BufferedImage, no BGR round trip).
 * Anything else returns {@code null} and the caller falls back to {@code javax.imageio}.
 */
final class PngDecoder {
  private static final long SIGNATURE = 0x89504E470D0A1A0AL;

  /**
   * The parsed header and the inflated, unfiltered rows of one PNG. {@code rows} is the decoding
   * thread's scratch buffer (row y at y * (stride + 1) + 1, possibly longer than the image): read
   * it before that thread decodes the next PNG.
   */
  record Raw(int width, int height, int bitDepth, int colourType, int channels, byte[] rows, int stride) {}

  /**
   * Each thread inflates into one buffer that it keeps, grown to its largest image so far: the
   * pixels are copied out into their own image at once, and a fresh buffer per file cost the
   * prepare stage a page fault per 4 KiB of every image it read.
   */
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[0]);

  private PngDecoder() {}

  static boolean isPng(byte[] b) {
    return b.length >= 8 && readLong(b, 0) == SIGNATURE;
  }

  /** The unfiltered pixels, or {@code null} when this decoder does not handle the format. */
  static Raw decode(byte[] b, String name) throws ImageDecodeException {
    int p = 8;
    int width = 0;
    int height = 0;
    int bitDepth = 0;
    int colourType = -1;
    Inflater inflater = null;
    byte[] data = null;
    int needed = 0;
    int filled = 0;
    int channels = 0;
    int stride = 0;
    boolean ended = false;
    try {
      while (p + 8 <= b.length) {
        int length = readInt(b, p);
        int type = readInt(b, p + 4);
        int body = p + 8;
        if (length < 0 || body + length + 4 > b.length) {
          throw new ImageDecodeException(ImageProblem.UNREADABLE, name + ": truncated PNG chunk at byte " + p);
        }
        CRC32 crc = new CRC32();
        crc.update(b, p + 4, length + 4);
        if ((int) crc.getValue() != readInt(b, body + length)) {
          throw new ImageDecodeException(ImageProblem.UNREADABLE, name + ": PNG chunk checksum mismatch at byte " + p);
        }
        if (type == 0x49484452) { // IHDR
          width = readInt(b, body);
          height = readInt(b, body + 4);
          bitDepth = b[body + 8] & 0xFF;
          colourType = b[body + 9] & 0xFF;
          int interlace = b[body + 12] & 0xFF;
          channels = switch (colourType) {
            case 0, 3 -> 1;
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> 0;
          };
          boolean handled = interlace == 0 && channels > 0 && width > 0 && height > 0
              && (bitDepth == 8 || (bitDepth == 16 && colourType == 0));
          if (!handled || (long) width * height * channels * (bitDepth / 8) > Integer.MAX_VALUE - height) {
            return null;
          }
          stride = width * channels * (bitDepth / 8);
          needed = (stride + 1) * height;
          data = SCRATCH.get();
          if (data.length < needed) {
            data = new byte[needed];
            SCRATCH.set(data);
          }
          inflater = new Inflater();
        } else if (type == 0x49444154) { // IDAT
          if (inflater == null) {
            throw new ImageDecodeException(ImageProblem.UNREADABLE, name + ": PNG data before its header");
          }
          inflater.setInput(b, body, length);
          while (!inflater.needsInput() && !inflater.finished() && filled < needed) {
            filled += inflater.inflate(data, filled, needed - filled);
          }
        } else if (type == 0x49454E44) { // IEND
          ended = true;
          break;
        }
        p = body + length + 4;
      }
    } catch (DataFormatException e) {
      throw new ImageDecodeException(ImageProblem.UNREADABLE, name + ": corrupt PNG data (" + e.getMessage() + ")", e);
    } finally {
      if (inflater != null) {
        inflater.end();
      }
    }
    if (data == null || filled < needed || !ended) {
      throw new ImageDecodeException(ImageProblem.UNREADABLE, name + ": truncated PNG (" + filled + " of "
          + (data == null ? "?" : needed) + " pixel bytes" + (ended ? "" : ", no IEND") + ")");
    }
    unfilter(data, stride, height, channels * (bitDepth / 8), name);
    return new Raw(width, height, bitDepth, colourType, channels, data, stride);
  }

  /**
   * Undoes the per-row filters in place; row y's pixels start at y * (stride + 1) + 1. The first
   * row and the first pixel of each row are handled apart, so the hot loops have no branches.
   * Sub, Average and Paeth run one channel at a time and keep the left neighbour (and Paeth's
   * upper-left one) in locals: each byte then costs two loads instead of four, and no load waits
   * on the store just before it (the prepare stage runs on C1, which keeps such loads as written).
   */
  private static void unfilter(byte[] d, int stride, int height, int bpp, String name) throws ImageDecodeException {
    for (int y = 0; y < height; y++) {
      int row = y * (stride + 1) + 1;
      int prev = row - stride - 1;
      int filter = d[row - 1];
      boolean first = y == 0;
      switch (filter) {
        case 0 -> { }
        case 1 -> unfilterSub(d, row, stride, bpp);
        case 2 -> {
          if (!first) {
            for (int i = 0; i < stride; i++) {
              d[row + i] += d[prev + i];
            }
          }
        }
        case 3 -> {
          if (first) {
            for (int i = bpp; i < stride; i++) {
              d[row + i] += (byte) ((d[row + i - bpp] & 0xFF) >>> 1);
            }
          } else {
            unfilterAverage(d, row, prev, stride, bpp);
          }
        }
        case 4 -> {
          if (first) {
            // Paeth with no row above predicts from the left neighbour.
            unfilterSub(d, row, stride, bpp);
          } else if (bpp == 3) {
            unfilterPaethRgb(d, row, prev, stride);
          } else {
            unfilterPaeth(d, row, prev, stride, bpp);
          }
        }
        default -> throw new ImageDecodeException(ImageProblem.UNREADABLE, name + ": unknown PNG row filter " + filter);
      }
    }
  }

  private static void unfilterSub(byte[] d, int row, int stride, int bpp) {
    int end = row + stride;
    for (int k = 0; k < bpp; k++) {
      int a = d[row + k];
      for (int i = row + k + bpp; i < end; i += bpp) {
        a += d[i];
        d[i] = (byte) a;
      }
    }
  }

  private static void unfilterAverage(byte[] d, int row, int prev, int stride, int bpp) {
    int end = row + stride;
    for (int k = 0; k < bpp; k++) {
      int a = (d[row + k] + ((d[prev + k] & 0xFF) >>> 1)) & 0xFF;
      d[row + k] = (byte) a;
      for (int i = row + k + bpp, j = prev + k + bpp; i < end; i += bpp, j += bpp) {
        a = (d[i] + ((a + (d[j] & 0xFF)) >>> 1)) & 0xFF;
        d[i] = (byte) a;
      }
    }
  }

  private static void unfilterPaeth(byte[] d, int row, int prev, int stride, int bpp) {
    int end = row + stride;
    for (int k = 0; k < bpp; k++) {
      // The first pixel has no left or upper-left neighbour: Paeth predicts the byte above.
      int c = d[prev + k] & 0xFF;
      int a = (d[row + k] + c) & 0xFF;
      d[row + k] = (byte) a;
      for (int i = row + k + bpp, j = prev + k + bpp; i < end; i += bpp, j += bpp) {
        int b = d[j] & 0xFF;
        a = (d[i] + paeth(a, b, c)) & 0xFF;
        d[i] = (byte) a;
        c = b;
      }
    }
  }

  /**
   * Paeth for 3 bytes per pixel: the three channels side by side in locals, so the CPU works on
   * three independent chains at once (one channel at a time leaves it waiting on each result).
   */
  private static void unfilterPaethRgb(byte[] d, int row, int prev, int stride) {
    int c0 = d[prev] & 0xFF;
    int c1 = d[prev + 1] & 0xFF;
    int c2 = d[prev + 2] & 0xFF;
    int a0 = (d[row] + c0) & 0xFF;
    int a1 = (d[row + 1] + c1) & 0xFF;
    int a2 = (d[row + 2] + c2) & 0xFF;
    d[row] = (byte) a0;
    d[row + 1] = (byte) a1;
    d[row + 2] = (byte) a2;
    int end = row + stride;
    for (int i = row + 3, j = prev + 3; i < end; i += 3, j += 3) {
      int b0 = d[j] & 0xFF;
      int b1 = d[j + 1] & 0xFF;
      int b2 = d[j + 2] & 0xFF;
      // paeth(a, b, c) written out per channel: C1 would not inline the call (too many bytecodes).
      int pa0 = abs(b0 - c0);
      int pb0 = abs(a0 - c0);
      int pc0 = abs(a0 + b0 - 2 * c0);
      int cFirst0 = (pc0 - pb0) >> 31;
      int notA0 = (min(pb0, pc0) - pa0) >> 31;
      a0 = (d[i] + ((a0 & ~notA0) | (((b0 & ~cFirst0) | (c0 & cFirst0)) & notA0))) & 0xFF;
      int pa1 = abs(b1 - c1);
      int pb1 = abs(a1 - c1);
      int pc1 = abs(a1 + b1 - 2 * c1);
      int cFirst1 = (pc1 - pb1) >> 31;
      int notA1 = (min(pb1, pc1) - pa1) >> 31;
      a1 = (d[i + 1] + ((a1 & ~notA1) | (((b1 & ~cFirst1) | (c1 & cFirst1)) & notA1))) & 0xFF;
      int pa2 = abs(b2 - c2);
      int pb2 = abs(a2 - c2);
      int pc2 = abs(a2 + b2 - 2 * c2);
      int cFirst2 = (pc2 - pb2) >> 31;
      int notA2 = (min(pb2, pc2) - pa2) >> 31;
      a2 = (d[i + 2] + ((a2 & ~notA2) | (((b2 & ~cFirst2) | (c2 & cFirst2)) & notA2))) & 0xFF;
      d[i] = (byte) a0;
      d[i + 1] = (byte) a1;
      d[i + 2] = (byte) a2;
      c0 = b0;
      c1 = b1;
      c2 = b2;
    }
  }

  /**
   * The Paeth predictor: a if pa <= pb and pa <= pc, else b if pb <= pc, else c, chosen by sign
   * masks because photographs make these branches unpredictable.
   */
  private static int paeth(int a, int b, int c) {
    int pa = abs(b - c);
    int pb = abs(a - c);
    int pc = abs(a + b - 2 * c);
    int cFirst = (pc - pb) >> 31;
    int bOrC = (b & ~cFirst) | (c & cFirst);
    int notA = (min(pb, pc) - pa) >> 31;
    return (a & ~notA) | (bOrC & notA);
  }

  /**
   * |x| without a branch. C1 compiles {@code Math.abs} and {@code Math.min} to jumps, and on
   * photographs the signs they test are random: the mispredictions made up a third of the
   * Paeth loop's time.
   */
  private static int abs(int x) {
    int sign = x >> 31;
    return (x ^ sign) - sign;
  }

  /** min(x, y) without a branch, for |x - y| below 2^31 (see {@link #abs}). */
  private static int min(int x, int y) {
    int d = x - y;
    return y + (d & (d >> 31));
  }

  private static int readInt(byte[] b, int p) {
    return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
  }

  private static long readLong(byte[] b, int p) {
    return ((long) readInt(b, p) << 32) | (readInt(b, p + 4) & 0xFFFFFFFFL);
  }
}
