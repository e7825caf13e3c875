package org.hrnetbeam.report;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * One validation picture: the image, its ground truth and the prediction side by side, both label
 * maps in the dataset's palette, captioned, with a legend of the classes that occur in either map.
 */
public final class ComparisonPanel {
  private static final int GAP = 8;
  private static final int HEADER = 26;
  private static final int SWATCH = 14;

  private ComparisonPanel() {}

  /**
   * @param image       the input picture (any size; drawn at the label maps' size)
   * @param groundTruth class indices {@code [H][W]} flattened; ignore-label pixels are drawn black
   * @param prediction  class indices, same size
   */
  public static BufferedImage draw(BufferedImage image, int[] groundTruth, int[] prediction, int height, int width,
      Palette palette, String title) {
    BufferedImage gt = LabelImages.colorize(groundTruth, height, width, palette);
    BufferedImage pred = LabelImages.colorize(prediction, height, width, palette);
    List<Integer> present = presentClasses(palette, groundTruth, prediction);
    int panelWidth = 3 * width + 4 * GAP;
    int legendHeight = legendHeight(present, palette, panelWidth);
    BufferedImage out = Drawing.canvas(panelWidth, HEADER + height + GAP + legendHeight + GAP);
    Graphics2D g = Drawing.graphics(out);
    try {
      String[] captions = {title == null ? "image" : "image: " + title, "ground truth", "prediction"};
      BufferedImage[] tiles = {image, gt, pred};
      g.setFont(Drawing.TITLE);
      for (int i = 0; i < 3; i++) {
        int x = GAP + i * (width + GAP);
        g.setColor(Drawing.INK);
        g.drawString(fit(g.getFontMetrics(), captions[i], width), x, HEADER - 8);
        g.drawImage(tiles[i], x, HEADER, width, height, null);
      }
      drawLegend(g, present, palette, GAP, HEADER + height + GAP, panelWidth - 2 * GAP);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static List<Integer> presentClasses(Palette palette, int[] a, int[] b) {
    boolean[] seen = new boolean[palette.size()];
    for (int[] map : new int[][] {a, b}) {
      for (int v : map) {
        if (v >= 0 && v < seen.length) {
          seen[v] = true;
        }
      }
    }
    List<Integer> out = new ArrayList<>();
    for (int c = 0; c < seen.length; c++) {
      if (seen[c]) {
        out.add(c);
      }
    }
    return out;
  }

  private static int legendHeight(List<Integer> present, Palette palette, int panelWidth) {
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = Drawing.graphics(probe);
    try {
      return drawLegend(g, present, palette, GAP, 0, panelWidth - 2 * GAP) + 2;
    } finally {
      g.dispose();
    }
  }

  /** Draws swatches with names, wrapping rows; returns the height used. */
  private static int drawLegend(Graphics2D g, List<Integer> present, Palette palette, int left, int top, int width) {
    g.setFont(Drawing.LABEL);
    FontMetrics fm = g.getFontMetrics();
    int rowHeight = SWATCH + 6;
    int x = left;
    int y = top;
    for (int c : present) {
      String name = palette.classes().get(c);
      int itemWidth = SWATCH + 5 + fm.stringWidth(name) + 14;
      if (x > left && x + itemWidth > left + width) {
        x = left;
        y += rowHeight;
      }
      g.setColor(new Color(palette.colour(c)));
      g.fillRect(x, y, SWATCH, SWATCH);
      g.setColor(Drawing.MUTED);
      g.drawRect(x, y, SWATCH, SWATCH);
      g.setColor(Drawing.INK);
      g.drawString(name, x + SWATCH + 5, y + SWATCH - 2);
      x += itemWidth;
    }
    return present.isEmpty() ? 0 : y - top + rowHeight;
  }

  private static String fit(FontMetrics fm, String text, int width) {
    if (fm.stringWidth(text) <= width) {
      return text;
    }
    String s = text;
    while (s.length() > 1 && fm.stringWidth(s + "…") > width) {
      s = s.substring(0, s.length() - 1);
    }
    return s + "…";
  }
}
