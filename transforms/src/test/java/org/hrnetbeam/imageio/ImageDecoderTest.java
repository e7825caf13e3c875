package org.hrnetbeam.imageio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.hrnetbeam.ingest.SharedData;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

  @Test
  void colourPngDecodesToRgbInRgbOrder() throws Exception {
    BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 0xFF0000);
    img.setRGB(1, 0, 0x00FF00);
    img.setRGB(2, 1, 0x0000FF);
    RgbImage rgb = ImageDecoder.decodeColour(png(img), "t.png");
    assertEquals(255, rgb.sample(0, 0, 0));
    assertEquals(0, rgb.sample(0, 0, 1));
    assertEquals(255, rgb.sample(1, 0, 1));
    assertEquals(255, rgb.sample(2, 1, 2));
    assertEquals(0, rgb.sample(2, 1, 0));
  }

  @Test
  void grayImageIsPromotedToThreeEqualChannels() throws Exception {
    BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setSample(1, 0, 0, 77);
    RgbImage rgb = ImageDecoder.decodeColour(png(img), "g.png");
    assertArrayEquals(new byte[] {0, 0, 0, 77, 77, 77}, rgb.rgb());
  }

  @Test
  void jpegDecodes() throws Exception {
    BufferedImage img = new BufferedImage(16, 8, BufferedImage.TYPE_3BYTE_BGR);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "jpg", out);
    RgbImage rgb = ImageDecoder.decodeColour(out.toByteArray(), "a.jpg");
    assertEquals(16, rgb.width());
    assertEquals(8, rgb.height());
  }

  @Test
  void realCamVidFrameMatchesImageIoPixels() throws Exception {
    Path camvid = SharedData.dataset("camvid");
    byte[] bytes = Files.readAllBytes(camvid.resolve("train/0001TP_006690.png"));
    RgbImage rgb = ImageDecoder.decodeColour(bytes, "0001TP_006690.png");
    BufferedImage ref = ImageIO.read(camvid.resolve("train/0001TP_006690.png").toFile());
    assertEquals(480, rgb.width());
    assertEquals(360, rgb.height());
    for (int[] p : new int[][] {{0, 0}, {479, 359}, {200, 100}, {13, 300}}) {
      int argb = ref.getRGB(p[0], p[1]);
      assertEquals((argb >> 16) & 0xFF, rgb.sample(p[0], p[1], 0));
      assertEquals((argb >> 8) & 0xFF, rgb.sample(p[0], p[1], 1));
      assertEquals(argb & 0xFF, rgb.sample(p[0], p[1], 2));
    }
  }

  @Test
  void paletteLabelReadsIndicesNotColours() throws Exception {
    byte[] r = new byte[256];
    byte[] g = new byte[256];
    byte[] b = new byte[256];
    Arrays.fill(r, (byte) 200);
    IndexColorModel palette = new IndexColorModel(8, 256, r, g, b);
    BufferedImage img = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
    WritableRaster raster = img.getRaster();
    raster.setSamples(0, 0, 4, 1, 0, new int[] {0, 3, 7, 19});
    LabelImage label = ImageDecoder.decodeLabel(png(img), "p.png");
    assertArrayEquals(new int[] {0, 3, 7, 19}, label.values());
  }

  @Test
  void sixteenBitGrayLabelKeepsFullValues() throws Exception {
    BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
    img.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {24001, 7});
    LabelImage label = ImageDecoder.decodeLabel(png(img), "i.png");
    assertArrayEquals(new int[] {24001, 7}, label.values());
  }

  @Test
  void realCityscapesInstanceIdsAreSixteenBit() throws Exception {
    Path cs = SharedData.dataset("cityscapes-sample");
    Path file = cs.resolve("gtFine/val/frankfurt/frankfurt_000000_000294_gtFine_instanceIds.png");
    LabelImage label = ImageDecoder.decodeLabel(Files.readAllBytes(file), file.toString());
    assertEquals(256, label.width());
    assertTrue(Arrays.stream(label.values()).anyMatch(v -> v >= 24000 && v <= 24003), "persons 24000..24003 present");
  }

  @Test
  void badFilesFailWithTheirProblem() throws Exception {
    assertEquals(ImageProblem.EMPTY_FILE,
        assertThrows(ImageDecodeException.class, () -> ImageDecoder.decodeColour(new byte[0], "e.png")).problem());
    assertEquals(ImageProblem.UNREADABLE,
        assertThrows(ImageDecodeException.class, () -> ImageDecoder.decodeColour("not an image".getBytes(), "x.png")).problem());
    byte[] whole = png(new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR));
    byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
    ImageDecodeException t = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decodeColour(truncated, "t.png"));
    assertEquals(ImageProblem.UNREADABLE, t.problem());
    assertTrue(t.getMessage().contains("t.png"), t.getMessage());
    assertEquals(ImageProblem.UNSUPPORTED_BIT_DEPTH, assertThrows(ImageDecodeException.class,
        () -> ImageDecoder.decodeColour(TestPngs.blank(4, 4, 16, 2), "deep.png")).problem());
    assertEquals(ImageProblem.UNSUPPORTED_CHANNELS, assertThrows(ImageDecodeException.class,
        () -> ImageDecoder.decodeLabel(TestPngs.blank(4, 4, 8, 2), "rgb-label.png")).problem());
  }

  @Test
  void lowBitDepthPaletteLabelReadsIndices() throws Exception {
    LabelImage label = ImageDecoder.decodeLabel(TestPngs.blank(5, 3, 2, 3), "p2.png");
    assertEquals(15, label.values().length);
    assertTrue(Arrays.stream(label.values()).allMatch(v -> v == 0));
  }

  static byte[] png(BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  @Test
  void directPngPathAgreesWithImageIoOnRealFiles() throws Exception {
    Path camvid = SharedData.dataset("camvid");
    Path cs = SharedData.dataset("cityscapes-sample");
    List<Path> colour = List.of(camvid.resolve("train/0001TP_006690.png"), camvid.resolve("val/0016E5_07959.png"),
        cs.resolve("leftImg8bit/val/frankfurt/frankfurt_000000_000294_leftImg8bit.png"));
    for (Path file : colour) {
      BufferedImage ref = ImageIO.read(file.toFile());
      RgbImage rgb = ImageDecoder.decodeColour(Files.readAllBytes(file), file.toString());
      for (int y = 0; y < ref.getHeight(); y++) {
        for (int x = 0; x < ref.getWidth(); x++) {
          int argb = ref.getRGB(x, y);
          int got = rgb.sample(x, y, 0) << 16 | rgb.sample(x, y, 1) << 8 | rgb.sample(x, y, 2);
          assertEquals(argb & 0xFFFFFF, got, file + " at " + x + "," + y);
        }
      }
    }
    List<Path> labels = List.of(camvid.resolve("trainannot/0001TP_006690.png"),
        cs.resolve("gtFine/val/frankfurt/frankfurt_000000_000294_gtFine_labelIds.png"),
        cs.resolve("gtFine/val/frankfurt/frankfurt_000000_000294_gtFine_instanceIds.png"));
    for (Path file : labels) {
      BufferedImage ref = ImageIO.read(file.toFile());
      int[] expected = ref.getRaster().getSamples(0, 0, ref.getWidth(), ref.getHeight(), 0, (int[]) null);
      assertArrayEquals(expected, ImageDecoder.decodeLabel(Files.readAllBytes(file), file.toString()).values(), file.toString());
      DecodedLabel source = ImageDecoder.decodeSourceLabel(Files.readAllBytes(file), file.toString());
      boolean sixteenBit = ref.getRaster().getSampleModel().getSampleSize(0) == 16;
      LabelImage asInts = source instanceof ByteLabel bytes ? bytes.toLabelImage() : (LabelImage) source;
      assertEquals(sixteenBit ? LabelImage.class : ByteLabel.class, source.getClass(), file.toString());
      assertArrayEquals(expected, asInts.values(), file.toString());
    }
  }

  @Test
  void sourceLabelsKeepEightBitPngsAsBytesWithTheValuesOfDecodeLabel() throws Exception {
    BufferedImage gray = new BufferedImage(7, 5, BufferedImage.TYPE_BYTE_GRAY);
    for (int i = 0; i < 35; i++) {
      gray.getRaster().setSample(i % 7, i / 7, 0, (i * 37) % 256);
    }
    byte[][] files = {png(gray), TestPngs.blank(5, 3, 2, 3), TestPngs.blank(4, 4, 16, 0)};
    Class<?>[] kinds = {ByteLabel.class, LabelImage.class, LabelImage.class};
    for (int f = 0; f < files.length; f++) {
      DecodedLabel source = ImageDecoder.decodeSourceLabel(files[f], "l" + f + ".png");
      assertEquals(kinds[f], source.getClass(), "file " + f);
      LabelImage asInts = source instanceof ByteLabel bytes ? bytes.toLabelImage() : (LabelImage) source;
      assertEquals(ImageDecoder.decodeLabel(files[f], "l" + f + ".png"), asInts, "file " + f);
    }
    assertEquals(ImageProblem.UNSUPPORTED_CHANNELS, assertThrows(ImageDecodeException.class,
        () -> ImageDecoder.decodeSourceLabel(TestPngs.blank(4, 4, 8, 2), "rgb-label.png")).problem());
  }

  @Test
  void directPngPathHandlesAlphaAndGrayAlpha() throws Exception {
    BufferedImage argb = new BufferedImage(5, 3, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(2, 1, 0x80112233);
    RgbImage rgb = ImageDecoder.decodeColour(png(argb), "a.png");
    assertEquals(0x11, rgb.sample(2, 1, 0));
    assertEquals(0x33, rgb.sample(2, 1, 2));
  }
}
