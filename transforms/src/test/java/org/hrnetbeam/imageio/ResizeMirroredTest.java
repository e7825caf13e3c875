package org.hrnetbeam.imageio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A mirrored resize (the augmentation's flip done while resizing) gives exactly the pixels of the
 * plain resize flipped afterwards, on every path: same size (a crop), exact halving, up and down.
 */
class ResizeMirroredTest {

  @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
  @CsvSource({"36, 22, 36, 22", "36, 22, 18, 11", "36, 22, 53, 31", "36, 22, 25, 15", "37, 23, 80, 50"})
  void mirroredEqualsResizeThenFlip(int srcW, int srcH, int width, int height) {
    SplittableRandom random = new SplittableRandom(srcW * 100 + width);
    byte[] rgb = new byte[srcW * srcH * 3];
    random.nextBytes(rgb);
    RgbImage image = new RgbImage(srcW, srcH, rgb);
    int[] values = new int[srcW * srcH];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt(20);
    }
    LabelImage label = new LabelImage(srcW, srcH, values);
    for (int trial = 0; trial < 5; trial++) {
      int x = random.nextInt(width);
      int y = random.nextInt(height);
      Window window = new Window(x, y, 1 + random.nextInt(width - x), 1 + random.nextInt(height - y));
      RgbImage plain = Resize.bilinear(image, width, height, window);
      assertArrayEquals(flip(plain).rgb(), Resize.bilinear(image, width, height, window, true).rgb(), window.toString());
      LabelImage plainLabel = Resize.nearest(label, width, height, window);
      assertArrayEquals(flip(plainLabel).values(), Resize.nearest(label, width, height, window, true).values(),
          window.toString());
      ByteLabel bytes = new ByteLabel(srcW, srcH, toBytes(values));
      assertEquals(plainLabel, Resize.nearest(bytes, width, height, window, false).toLabelImage(), window.toString());
      assertEquals(flip(plainLabel), Resize.nearest(bytes, width, height, window, true).toLabelImage(),
          window.toString());
    }
  }

  private static byte[] toBytes(int[] values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  private static RgbImage flip(RgbImage image) {
    int w = image.width();
    byte[] out = new byte[image.rgb().length];
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          out[(y * w + w - 1 - x) * 3 + c] = image.rgb()[(y * w + x) * 3 + c];
        }
      }
    }
    return new RgbImage(w, image.height(), out);
  }

  private static LabelImage flip(LabelImage label) {
    int w = label.width();
    int[] out = new int[label.values().length];
    for (int y = 0; y < label.height(); y++) {
      for (int x = 0; x < w; x++) {
        out[y * w + w - 1 - x] = label.values()[y * w + x];
      }
    }
    return new LabelImage(w, label.height(), out);
  }
}
