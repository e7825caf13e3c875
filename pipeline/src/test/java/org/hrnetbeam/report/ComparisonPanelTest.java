package org.hrnetbeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ComparisonPanelTest {

  @Test
  void imageGroundTruthAndPredictionSitSideBySideInPaletteColours() {
    int h = 40;
    int w = 60;
    BufferedImage photo = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        photo.setRGB(x, y, 0x123456);
      }
    }
    int[] gt = new int[h * w];
    int[] pred = new int[h * w];
    java.util.Arrays.fill(gt, 3);      // road
    java.util.Arrays.fill(pred, 0);    // sky
    gt[0] = 11;                        // void → black
    BufferedImage panel = ComparisonPanel.draw(photo, gt, pred, h, w, Palette.camvid(), "0016E5_07959");
    assertEquals(3 * w + 4 * 8, panel.getWidth());
    assertTrue(panel.getHeight() > h);
    int top = 26;
    assertEquals(0x123456, panel.getRGB(8 + 10, top + 10) & 0xFFFFFF);
    assertEquals(0x804080, panel.getRGB(8 + w + 8 + 10, top + 10) & 0xFFFFFF);
    assertEquals(0x000000, panel.getRGB(8 + w + 8, top) & 0xFFFFFF);
    assertEquals(0x808080, panel.getRGB(8 + 2 * (w + 8) + 10, top + 10) & 0xFFFFFF);
  }
}
