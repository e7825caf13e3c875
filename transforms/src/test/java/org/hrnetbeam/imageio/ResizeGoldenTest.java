package org.hrnetbeam.imageio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our resize against bytes produced by real OpenCV (see golden/resize/README.md). */
class ResizeGoldenTest {

  @ParameterizedTest(name = "INTER_LINEAR 64x48 -> {0}x{1}")
  @CsvSource({"97,73", "40,30", "32,24", "29,50", "128,96", "64,48", "7,5"})
  void bilinearMatchesOpenCvExactly(int width, int height) throws IOException {
    RgbImage source = new RgbImage(64, 48, resource("source_64x48.rgb"));
    byte[] expected = resource("linear_" + width + "x" + height + ".rgb");
    assertArrayEquals(expected, Resize.bilinear(source, width, height).rgb());
  }

  @ParameterizedTest(name = "INTER_LINEAR window of 64x48 -> {0}x{1}")
  @CsvSource({"97,73", "29,50", "128,96", "32,24"})
  void windowEqualsCropOfFullResize(int width, int height) throws IOException {
    RgbImage source = new RgbImage(64, 48, resource("source_64x48.rgb"));
    RgbImage full = Resize.bilinear(source, width, height);
    Window window = new Window(width / 3, height / 4, width / 2, height / 2);
    RgbImage part = Resize.bilinear(source, width, height, window);
    for (int y = 0; y < window.height(); y++) {
      for (int x = 0; x < window.width(); x++) {
        for (int c = 0; c < 3; c++) {
          assertEquals(full.sample(window.x() + x, window.y() + y, c), part.sample(x, y, c));
        }
      }
    }
  }

  @ParameterizedTest(name = "INTER_NEAREST 63x47 -> {0}x{1}")
  @CsvSource({"97,73", "40,30", "20,81", "63,47"})
  void nearestMatchesOpenCvExactly(int width, int height) throws IOException {
    LabelImage source = gray(63, 47, resource("label_63x47.gray"));
    LabelImage expected = gray(width, height, resource("nearest_" + width + "x" + height + ".gray"));
    assertEquals(expected, Resize.nearest(source, width, height));
    ByteLabel bytes = new ByteLabel(63, 47, resource("label_63x47.gray"));
    Window all = new Window(0, 0, width, height);
    assertEquals(expected, Resize.nearest(bytes, width, height, all, false).toLabelImage(), "on a label of bytes");
  }

  @org.junit.jupiter.api.Test
  void nearestByFactorMatchesOpenCvFx() throws IOException {
    LabelImage source = gray(63, 47, resource("label_63x47.gray"));
    LabelImage expected = gray(32, 24, resource("nearest_fx0.5_32x24.gray"));
    assertEquals(expected, Resize.nearestByFactor(source, 0.5));
    assertEquals(expected, Resize.nearestByFactor(new ByteLabel(63, 47, resource("label_63x47.gray")), 0.5)
        .toLabelImage(), "on a label of bytes");
  }

  static LabelImage gray(int width, int height, byte[] bytes) {
    int[] values = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      values[i] = bytes[i] & 0xFF;
    }
    return new LabelImage(width, height, values);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ResizeGoldenTest.class.getResourceAsStream("/golden/resize/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource golden/resize/" + name);
      }
      return in.readAllBytes();
    }
  }
}
