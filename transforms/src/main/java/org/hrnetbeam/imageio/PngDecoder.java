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

  /** The parsed header and the inflated, unfiltered rows of one PNG. */
  record Raw(int width, int height, int bitDepth, int colourType, int channels, byte[] rows, int stride) {}

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
          data = new byte[(stride + 1) * height];
          inflater = new Inflater();
        } else if (type == 0x49444154) { // IDAT
          if (inflater == null) {
            throw new ImageDecodeException(ImageProblem.UNREADABLE, name + ": PNG data before its header");
          }
          inflater.setInput(b, body, length);
          while (!inflater.needsInput() && !inflater.finished() && filled < data.length) {
            filled += inflater.inflate(data, filled, data.length - filled);
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
    if (data == null || filled < data.length || !ended) {
      throw new ImageDecodeException(ImageProblem.UNREADABLE, name + ": truncated PNG (" + filled + " of "
          + (data == null ? "?" : data.length) + " pixel bytes" + (ended ? "" : ", no IEND") + ")");
    }
    unfilter(data, stride, height, channels * (bitDepth / 8), name);
    return new Raw(width, height, bitDepth, colourType, channels, data, stride);
  }

  /**
   * Undoes the per-row filters in place; row y's pixels start at y * (stride + 1) + 1. The first
   * row and the first pixel of each row are handled apart, so the hot loops have no branches.
   */
  private static void unfilter(byte[] d, int stride, int height, int bpp, String name) throws ImageDecodeException {
    for (int y = 0; y < height; y++) {
      int row = y * (stride + 1) + 1;
      int prev = row - stride - 1;
      int filter = d[row - 1];
      boolean first = y == 0;
      switch (filter) {
        case 0 -> { }
        case 1 -> {
          for (int i = bpp; i < stride; i++) {
            d[row + i] += d[row + i - bpp];
          }
        }
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
            for (int i = 0; i < bpp; i++) {
              d[row + i] += (byte) ((d[prev + i] & 0xFF) >>> 1);
            }
            for (int i = bpp; i < stride; i++) {
              d[row + i] += (byte) (((d[row + i - bpp] & 0xFF) + (d[prev + i] & 0xFF)) >>> 1);
            }
          }
        }
        case 4 -> {
          if (first) {
            // Paeth with no row above predicts from the left neighbour.
            for (int i = bpp; i < stride; i++) {
              d[row + i] += d[row + i - bpp];
            }
          } else {
            for (int i = 0; i < bpp; i++) {
              d[row + i] += d[prev + i];
            }
            for (int i = bpp; i < stride; i++) {
              int a = d[row + i - bpp] & 0xFF;
              int b = d[prev + i] & 0xFF;
              int c = d[prev + i - bpp] & 0xFF;
              int pa = Math.abs(b - c);
              int pb = Math.abs(a - c);
              int pc = Math.abs(a + b - 2 * c);
              // The spec's choice (a if pa <= pb and pa <= pc, else b if pb <= pc, else c) by sign
              // masks: photographs make these branches unpredictable.
              int cFirst = (pc - pb) >> 31;
              int bOrC = (b & ~cFirst) | (c & cFirst);
              int notA = (Math.min(pb, pc) - pa) >> 31;
              d[row + i] += (byte) ((a & ~notA) | (bOrC & notA));
            }
          }
        }
        default -> throw new ImageDecodeException(ImageProblem.UNREADABLE, name + ": unknown PNG row filter " + filter);
      }
    }
  }

  private static int readInt(byte[] b, int p) {
    return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
  }

  private static long readLong(byte[] b, int p) {
    return ((long) readInt(b, p) << 32) | (readInt(b, p + 4) & 0xFFFFFFFFL);
  }
}
