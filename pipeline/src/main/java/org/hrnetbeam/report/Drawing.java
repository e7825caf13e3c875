package org.hrnetbeam.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Shared look of every picture: white background, antialiased text, one sans-serif family. */
final class Drawing {
  static final Color INK = new Color(0x22, 0x22, 0x22);
  static final Color GRID = new Color(0xE3, 0xE3, 0xE3);
  static final Color MUTED = new Color(0x77, 0x77, 0x77);
  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
  static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  private Drawing() {}

  /** A white canvas and its graphics, antialiased; the caller disposes the graphics. */
  static BufferedImage canvas(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  static Graphics2D graphics(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setColor(INK);
    g.setFont(LABEL);
    return g;
  }

  /** Black or white, whichever reads better on {@code rgb}. */
  static Color textOn(int rgb) {
    int r = (rgb >> 16) & 0xFF;
    int gr = (rgb >> 8) & 0xFF;
    int b = rgb & 0xFF;
    return 0.299 * r + 0.587 * gr + 0.114 * b > 140 ? INK : Color.WHITE;
  }
}
