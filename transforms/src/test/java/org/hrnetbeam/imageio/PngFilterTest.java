package org.hrnetbeam.imageio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every PNG row filter (None, Sub, Up, Average, Paeth), also on the first row, decoded by our
 * PNG path: the rows are filtered here from the PNG specification's formulas.
 */
class PngFilterTest {

  @ParameterizedTest(name = "first row filter {0}")
  @ValueSource(ints = {0, 1, 2, 3, 4})
  void everyFilterOnEveryRowPositionRoundTrips(int firstFilter) throws Exception {
    int w = 13;
    int h = 11;
    byte[] rgb = new byte[w * h * 3];
    new SplittableRandom(firstFilter).nextBytes(rgb);
    byte[] png = png(w, h, rgb, firstFilter);
    assertArrayEquals(rgb, ImageDecoder.decodeColour(png, "filters.png").rgb());
  }

  private static byte[] png(int w, int h, byte[] rgb, int firstFilter) throws Exception {
    int stride = w * 3;
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    for (int y = 0; y < h; y++) {
      int filter = (firstFilter + y) % 5;
      raw.write(filter);
      for (int i = 0; i < stride; i++) {
        int x = rgb[y * stride + i] & 0xFF;
        int a = i >= 3 ? rgb[y * stride + i - 3] & 0xFF : 0;
        int b = y > 0 ? rgb[(y - 1) * stride + i] & 0xFF : 0;
        int c = i >= 3 && y > 0 ? rgb[(y - 1) * stride + i - 3] & 0xFF : 0;
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
    chunk(out, "IHDR", new byte[] {0, 0, 0, (byte) w, 0, 0, 0, (byte) h, 8, 2, 0, 0, 0});
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
