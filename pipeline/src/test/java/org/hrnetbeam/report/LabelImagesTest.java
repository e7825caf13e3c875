package org.hrnetbeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class LabelImagesTest {
  private static final int[] CITYSCAPES_TRAIN_TO_ID = {7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 31,
    32, 33};

  @Test
  void colorizePaintsEachClassAndIgnoredPixelsBlack() {
    BufferedImage image = LabelImages.colorize(new int[] {0, 13, 255, 10}, 2, 2, Palette.cityscapes());
    assertEquals(0x804080, image.getRGB(0, 0) & 0xFFFFFF);
    assertEquals(0x00008E, image.getRGB(1, 0) & 0xFFFFFF);
    assertEquals(0x000000, image.getRGB(0, 1) & 0xFFFFFF);
    assertEquals(0x4682B4, image.getRGB(1, 1) & 0xFFFFFF);
  }

  @Test
  void labelIdPngHoldsDatasetIdsThroughTheInverseMap() throws Exception {
    BufferedImage ids = LabelImages.labelIds(new int[] {0, 18, 5, 13}, 2, 2, CITYSCAPES_TRAIN_TO_ID);
    BufferedImage back = ImageIO.read(new ByteArrayInputStream(PngFiles.encode(ids)));
    assertEquals(7, back.getRaster().getSample(0, 0, 0));
    assertEquals(33, back.getRaster().getSample(1, 0, 0));
    assertEquals(17, back.getRaster().getSample(0, 1, 0));
    assertEquals(26, back.getRaster().getSample(1, 1, 0));
  }

  @Test
  void aClassWithoutAnIdFailsNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LabelImages.labelIds(new int[] {19}, 1, 1, CITYSCAPES_TRAIN_TO_ID));
    assertTrue(e.getMessage().contains("class 19"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LabelImages.colorize(new int[3], 2, 2, Palette.camvid()));
  }
}
