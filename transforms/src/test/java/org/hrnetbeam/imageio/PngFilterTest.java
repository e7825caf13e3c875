package org.hrnetbeam.imageio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every PNG row filter (None, Sub, Up, Average, Paeth), also on the first row, decoded by our
 * PNG path for 1, 2, 3 and 4 bytes per pixel: the rows are filtered here from the PNG
 * specification's formulas.
 */
class PngFilterTest {

  @ParameterizedTest(name = "first row filter {0}")
  @ValueSource(ints = {0, 1, 2, 3, 4})
  void everyFilterOnEveryRowPositionRoundTrips(int firstFilter) throws Exception {
    int w = 13;
    int h = 11;
    byte[] rgb = new byte[w * h * 3];
    new SplittableRandom(firstFilter).nextBytes(rgb);
    byte[] png = png(w, h, rgb, 3, 2, 8, firstFilter);
    assertArrayEquals(rgb, ImageDecoder.decodeColour(png, "filters.png").rgb());
  }

  /** One byte per pixel (8-bit gray labels): the filters' one-channel paths. */
  @ParameterizedTest(name = "first row filter {0}")
  @ValueSource(ints = {0, 1, 2, 3, 4})
  void everyFilterRoundTripsOnGrayLabels(int firstFilter) throws Exception {
    int w = 17;
    int h = 9;
    byte[] gray = new byte[w * h];
    new SplittableRandom(10 + firstFilter).nextBytes(gray);
    LabelImage label = ImageDecoder.decodeLabel(png(w, h, gray, 1, 0, 8, firstFilter), "gray.png");
    for (int i = 0; i < gray.length; i++) {
      assertEquals(gray[i] & 0xFF, label.values()[i], "pixel " + i);
    }
  }

  /** Two bytes per pixel (16-bit gray labels). */
  @ParameterizedTest(name = "first row filter {0}")
  @ValueSource(ints = {0, 1, 2, 3, 4})
  void everyFilterRoundTripsOnSixteenBitLabels(int firstFilter) throws Exception {
    int w = 7;
    int h = 10;
    byte[] words = new byte[w * h * 2];
    new SplittableRandom(20 + firstFilter).nextBytes(words);
    LabelImage label = ImageDecoder.decodeLabel(png(w, h, words, 2, 0, 16, firstFilter), "gray16.png");
    for (int i = 0; i < w * h; i++) {
      assertEquals((words[2 * i] & 0xFF) << 8 | (words[2 * i + 1] & 0xFF), label.values()[i], "pixel " + i);
    }
  }

  /** Four bytes per pixel (RGBA; alpha is dropped after unfiltering). */
  @ParameterizedTest(name = "first row filter {0}")
  @ValueSource(ints = {0, 1, 2, 3, 4})
  void everyFilterRoundTripsOnRgba(int firstFilter) throws Exception {
    int w = 6;
    int h = 12;
    byte[] rgba = new byte[w * h * 4];
    new SplittableRandom(30 + firstFilter).nextBytes(rgba);
    byte[] rgb = ImageDecoder.decodeColour(png(w, h, rgba, 4, 6, 8, firstFilter), "rgba.png").rgb();
    for (int i = 0; i < w * h; i++) {
      for (int ch = 0; ch < 3; ch++) {
        assertEquals(rgba[4 * i + ch], rgb[3 * i + ch], "pixel " + i + " channel " + ch);
      }
    }
  }

  private static byte[] png(int w, int h, byte[] pixels, int bpp, int colourType, int bitDepth, int firstFilter)
      throws Exception {
    int stride = w * bpp;
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    for (int y = 0; y < h; y++) {
      int filter = (firstFilter + y) % 5;
      raw.write(filter);
      for (int i = 0; i < stride; i++) {
        int x = pixels[y * stride + i] & 0xFF;
        int a = i >= bpp ? pixels[y * stride + i - bpp] & 0xFF : 0;
        int b = y > 0 ? pixels[(y - 1) * stride + i] & 0xFF : 0;
        int c = i >= bpp && y > 0 ? pixels[(y - 1) * stride + i - bpp] & 0xFF : 0;
        int predicted = switch (filter) {
          case 0 -> 0;
          case 1 -> a;
          case 2 -> b;
          case 3 -> (a + b) / 2;
          default -> paeth(a, b, c);
        };
        raw.write((x - predicted) & 0xFF);
      }
    }
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
      d.write(raw.toByteArray());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    chunk(out, "IHDR", new byte[] {0, 0, 0, (byte) w, 0, 0, 0, (byte) h, (byte) bitDepth, (byte) colourType, 0, 0, 0});
    chunk(out, "IDAT", z.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static int paeth(int a, int b, int c) {
    int p = a + b - c;
    int pa = Math.abs(p - a);
    int pb = Math.abs(p - b);
    int pc = Math.abs(p - c);
    if (pa <= pb && pa <= pc) {
      return a;
    }
    return pb <= pc ? b : c;
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    out.write(data.length >>> 24);
    out.write(data.length >>> 16);
    out.write(data.length >>> 8);
    out.write(data.length);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    long v = crc.getValue();
    out.write((int) (v >>> 24));
    out.write((int) (v >>> 16));
    out.write((int) (v >>> 8));
    out.write((int) v);
  }
}
