package org.hrnetbeam.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.hrnetbeam.imageio.ByteLabel;
import org.hrnetbeam.imageio.ImageDecoder;
import org.hrnetbeam.imageio.RgbImage;
import org.hrnetbeam.ingest.SharedData;
import org.hrnetbeam.remap.LabelMaps;
import org.hrnetbeam.remap.LabelRemapper;
import org.junit.jupiter.api.Test;

class AugmenterTest {
  private static final AugmentSettings CAMVID = new AugmentSettings(true, 480, 320, 240, 10, true, false, 10, 1, 255);

  @Test
  void scalesAreTheReferenceSetAndAllOccur() {
    AugmentSettings s = new AugmentSettings(true, 64, 16, 16, 16, true, false, 10, 1, 255);
    RgbImage image = new RgbImage(40, 30, new byte[40 * 30 * 3]);
    ByteLabel label = new ByteLabel(40, 30, new byte[40 * 30]);
    Set<Double> seen = new TreeSet<>();
    for (int copy = 0; copy < 400; copy++) {
      seen.add(Augmenter.augment(image, label, s, SampleRandom.of("augment", 7, "a.png", copy)).scale());
    }
    Set<Double> expected = new TreeSet<>();
    for (int k = 0; k <= 16; k++) {
      expected.add(0.5 + k / 10.0);
    }
    assertEquals(expected, seen);
  }

  @Test
  void scaledSizesFollowTheReferenceRounding() {
    // Python: long = int(480 * 0.7 + 0.5) = 336; short = int(360 * 336 / 480 + 0.5) = 252.
    assertEquals(336, (int) (480 * (0.5 + 2 / 10.0) + 0.5));
    RgbImage image = new RgbImage(480, 360, new byte[480 * 360 * 3]);
    ByteLabel label = new ByteLabel(480, 360, new byte[480 * 360]);
    AugmentSettings noCrop = new AugmentSettings(true, 480, 1000, 1000, 10, false, false, 10, 1, 255);
    for (int copy = 0; copy < 60; copy++) {
      AugmentedSample a = Augmenter.augment(image, label, noCrop, SampleRandom.of("augment", 1, "x", copy));
      int longSide = (int) (480 * a.scale() + 0.5);
      int shortSide = (int) ((double) 360 * longSide / 480 + 0.5);
      // The crop (1000x1000) is larger than any scaled image, so the label shows the real extent.
      int w = 0;
      int h = 0;
      for (int y = 0; y < 1000; y++) {
        for (int x = 0; x < 1000; x++) {
          if (a.label().value(x, y) == 0) {
            w = Math.max(w, x + 1);
            h = Math.max(h, y + 1);
          }
        }
      }
      assertEquals(longSide, w, "width at scale " + a.scale());
      assertEquals(shortSide, h, "height at scale " + a.scale());
    }
  }

  @Test
  void paddingIsZeroForImagesAndIgnoreForLabels() {
    byte[] pixels = new byte[20 * 10 * 3];
    java.util.Arrays.fill(pixels, (byte) 200);
    byte[] values = new byte[20 * 10];
    java.util.Arrays.fill(values, (byte) 3);
    AugmentSettings s = new AugmentSettings(true, 20, 50, 40, 0, false, false, 10, 1, 255);
    AugmentedSample a = Augmenter.augment(new RgbImage(20, 10, pixels), new ByteLabel(20, 10, values), s,
        SampleRandom.of("augment", 1, "p", 0));
    assertEquals(50, a.image().width());
    assertEquals(40, a.image().height());
    // Scale 0.5 of base 20: 10x5 image at the top left, the rest padding.
    assertEquals(0, a.cropX());
    assertEquals(0, a.cropY());
    assertEquals(200, a.image().sample(9, 4, 0));
    assertEquals(3, a.label().value(9, 4));
    assertEquals(0, a.image().sample(10, 4, 1));
    assertEquals(255, a.label().value(10, 4));
    assertEquals(0, a.image().sample(0, 5, 2));
    assertEquals(255, a.label().value(0, 5));
  }

  @Test
  void flipMirrorsImageAndLabelTogether() {
    // Left half bright with class 1, right half dark with class 2.
    int w = 64;
    int h = 32;
    byte[] pixels = new byte[w * h * 3];
    byte[] values = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean left = x < w / 2;
        pixels[(y * w + x) * 3] = (byte) (left ? 250 : 5);
        values[y * w + x] = (byte) (left ? 1 : 2);
      }
    }
    AugmentSettings s = new AugmentSettings(true, 64, 48, 24, 16, true, false, 10, 1, 255);
    int flips = 0;
    for (int copy = 0; copy < 40; copy++) {
      AugmentedSample a = Augmenter.augment(new RgbImage(w, h, pixels), new ByteLabel(w, h, values), s,
          SampleRandom.of("augment", 3, "f", copy));
      flips += a.flipped() ? 1 : 0;
      int agree = 0;
      int total = 0;
      for (int y = 0; y < a.label().height(); y++) {
        for (int x = 0; x < a.label().width(); x++) {
          int c = a.label().value(x, y);
          if (c == 255) {
            continue;
          }
          total++;
          int red = a.image().sample(x, y, 0);
          if ((c == 1 && red > 127) || (c == 2 && red < 128)) {
            agree++;
          }
        }
      }
      // Only the pixels on the bilinear seam between the halves may disagree.
      assertTrue(agree >= total - 2 * a.label().height(), "copy " + copy + ": " + agree + " of " + total);
    }
    assertTrue(flips > 5 && flips < 35, "flips " + flips + " of 40");
  }

  @Test
  void realCamVidCropsHaveTheCropSizeAndOnlyClassOrIgnoreLabels() throws Exception {
    Path camvid = SharedData.dataset("camvid");
    RgbImage image = ImageDecoder.decodeColour(Files.readAllBytes(camvid.resolve("train/0001TP_006690.png")), "i");
    ByteLabel label = LabelRemapper.remap(ImageDecoder.decodeLabel(
        Files.readAllBytes(camvid.resolve("trainannot/0001TP_006690.png")), "l"), LabelMaps.load("camvid")).label();
    for (int copy = 0; copy < 12; copy++) {
      AugmentedSample a = Augmenter.augment(image, label, CAMVID, SampleRandom.of("augment", 42, "train/0001TP_006690.png", copy));
      assertEquals(320, a.image().width());
      assertEquals(240, a.image().height());
      assertEquals(320, a.label().width());
      for (int v : a.label().toLabelImage().values()) {
        assertTrue(v <= 10 || v == 255, "interpolated label value " + v + " at scale " + a.scale());
      }
    }
  }

  @Test
  void drawsDependOnlyOnSeedIdAndCopy() {
    RgbImage image = new RgbImage(100, 80, new byte[100 * 80 * 3]);
    ByteLabel label = new ByteLabel(100, 80, new byte[100 * 80]);
    AugmentSettings s = new AugmentSettings(true, 100, 40, 30, 16, true, true, 10, 1, 255);
    AugmentedSample a = Augmenter.augment(image, label, s, SampleRandom.of("augment", 5, "id", 1));
    AugmentedSample b = Augmenter.augment(image, label, s, SampleRandom.of("augment", 5, "id", 1));
    assertEquals(a, b);
    boolean anyDifferent = false;
    for (int copy = 2; copy < 10; copy++) {
      AugmentedSample c = Augmenter.augment(image, label, s, SampleRandom.of("augment", 5, "id", copy));
      anyDifferent |= c.scale() != a.scale() || c.cropX() != a.cropX() || c.flipped() != a.flipped();
    }
    assertTrue(anyDifferent);
  }

  @Test
  void withoutMultiScaleThereIsNoResizeNorCrop() {
    AugmentSettings s = new AugmentSettings(false, 0, 0, 0, 16, false, false, 10, 1, 255);
    byte[] pixels = new byte[30 * 20 * 3];
    new java.util.SplittableRandom(2).nextBytes(pixels);
    RgbImage image = new RgbImage(30, 20, pixels);
    ByteLabel label = new ByteLabel(30, 20, new byte[600]);
    AugmentedSample a = Augmenter.augment(image, label, s, SampleRandom.of("augment", 1, "m", 0));
    assertEquals(image, a.image());
    assertEquals(label, a.label());
  }

  @Test
  void brightnessTouchesTheImageOnlyAndDownsampleTheLabelOnly() {
    AugmentSettings s = new AugmentSettings(false, 0, 0, 0, 16, false, true, 10, 2, 255);
    byte[] pixels = new byte[8 * 6 * 3];
    java.util.Arrays.fill(pixels, (byte) 100);
    byte[] values = new byte[48];
    java.util.Arrays.fill(values, (byte) 4);
    boolean shifted = false;
    for (int copy = 0; copy < 20; copy++) {
      AugmentedSample a = Augmenter.augment(new RgbImage(8, 6, pixels), new ByteLabel(8, 6, values), s,
          SampleRandom.of("augment", 1, "b", copy));
      assertEquals(4, a.label().width());
      assertEquals(3, a.label().height());
      assertTrue(java.util.Arrays.stream(a.label().toLabelImage().values()).allMatch(v -> v == 4));
      assertEquals(100 + a.brightness(), a.image().sample(3, 3, 1));
      shifted |= a.brightness() != 0;
    }
    assertTrue(shifted);
  }

  @Test
  void copiesDiffer() {
    assertNotEquals(SampleRandom.hash("augment|1|a|0"), SampleRandom.hash("augment|1|a|1"));
  }
}
