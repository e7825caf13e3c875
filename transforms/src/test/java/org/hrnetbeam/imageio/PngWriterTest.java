package org.hrnetbeam.imageio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PngWriterTest {

  @Test
  void rgbRoundTripsThroughAnIndependentDecoder() throws Exception {
    byte[] pixels = new byte[37 * 11 * 3];
    new SplittableRandom(1).nextBytes(pixels);
    RgbImage image = new RgbImage(37, 11, pixels);
    for (int level : new int[] {0, 1, 6, 9}) {
      byte[] png = new PngWriter(level).encode(image);
      assertEquals(image, ImageDecoder.decodeColour(png, "level " + level));
    }
  }

  @Test
  void labelsRoundTripAsEightBitGray() throws Exception {
    int[] values = new int[20 * 7];
    for (int i = 0; i < values.length; i++) {
      values[i] = i % 3 == 0 ? 255 : i % 19;
    }
    LabelImage label = new LabelImage(20, 7, values);
    assertEquals(label, ImageDecoder.decodeLabel(new PngWriter(1).encode(label), "l.png"));
    byte[] ids = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      ids[i] = (byte) values[i];
    }
    for (int level : new int[] {0, 1, 6}) {
      assertArrayEquals(new PngWriter(level).encode(label), new PngWriter(level).encode(new ByteLabel(20, 7, ids)),
          "a label of bytes gives the same file, level " + level);
    }
  }

  @Test
  void equalPixelsGiveEqualBytesAndHigherLevelsAreSmaller() {
    byte[] pixels = new byte[64 * 64 * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) ((i / 3) % 64 + (i % 3) * 40);
    }
    RgbImage image = new RgbImage(64, 64, pixels);
    assertArrayEquals(new PngWriter(1).encode(image), new PngWriter(1).encode(new RgbImage(64, 64, pixels.clone())));
    assertTrue(new PngWriter(9).encode(image).length <= new PngWriter(1).encode(image).length);
  }

  @Test
  void aWriterReusedAcrossImagesOfEverySizeWritesWhatAFreshOneWrites() throws Exception {
    // Small, large, small again: the kept buffers grow, then hold stale bytes past the image.
    SplittableRandom random = new SplittableRandom(5);
    int[][] sizes = {{9, 4}, {300, 170}, {31, 17}, {120, 90}, {2, 1}};
    for (int level : new int[] {0, 1, 6}) {
      PngWriter reused = new PngWriter(level);
      for (int[] size : sizes) {
        byte[] pixels = new byte[size[0] * size[1] * 3];
        random.nextBytes(pixels);
        RgbImage image = new RgbImage(size[0], size[1], pixels);
        byte[] ids = new byte[size[0] * size[1]];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = (byte) (random.nextInt(4) == 0 ? 255 : random.nextInt(19));
        }
        ByteLabel label = new ByteLabel(size[0], size[1], ids);
        String what = size[0] + "x" + size[1] + ", level " + level;
        byte[] imagePng = reused.encode(image);
        assertArrayEquals(new PngWriter(level).encode(image), imagePng, what);
        assertEquals(image, ImageDecoder.decodeColour(imagePng, what));
        byte[] labelPng = reused.encode(label);
        assertArrayEquals(new PngWriter(level).encode(label), labelPng, what);
        assertEquals(label.toLabelImage(), ImageDecoder.decodeLabel(labelPng, what));
      }
    }
  }

  @Test
  void rejectsWhatItCannotStore() {
    assertThrows(IllegalArgumentException.class, () -> new PngWriter(10));
    LabelImage wide = new LabelImage(1, 1, new int[] {256});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PngWriter(1).encode(wide));
    assertTrue(e.getMessage().contains("256"));
  }
}
