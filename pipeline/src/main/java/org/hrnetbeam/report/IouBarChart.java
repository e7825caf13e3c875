package org.hrnetbeam.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.hrnetbeam.metrics.SegmentationMetrics;

/**
 * Per-class IoU as horizontal bars in the class colours, one row per class, with the value at the end
 * of each bar and a dashed line at the mIoU. Classes absent from both ground truth and prediction are
 * labelled "absent" (the reference counts them as 0).
 */
public final class IouBarChart {
  private static final int ROW = 22;
  private static final int TOP = 40;
  private static final int BOTTOM = 36;
  private static final int PLOT_WIDTH = 520;

  private IouBarChart() {}

  public static BufferedImage draw(SegmentationMetrics metrics, Palette palette) {
    int n = metrics.numClasses();
    if (palette.size() != n) {
      throw new IllegalArgumentException("palette '" + palette.name() + "' has " + palette.size()
          + " classes but the metrics have " + n);
    }
    BufferedImage probe = Drawing.canvas(1, 1);
    Graphics2D pg = Drawing.graphics(probe);
    int labelWidth = 0;
    for (String name : palette.classes()) {
      labelWidth = Math.max(labelWidth, pg.getFontMetrics().stringWidth(name));
    }
    pg.dispose();
    int left = labelWidth + 20;
    int width = left + PLOT_WIDTH + 70;
    int height = TOP + n * ROW + BOTTOM;
    BufferedImage image = Drawing.canvas(width, height);
    Graphics2D g = Drawing.graphics(image);
    try {
      g.setFont(Drawing.TITLE);
      g.drawString(String.format(Locale.ROOT, "IoU per class (mIoU %.1f%%, present-classes mIoU %s)",
          100 * metrics.meanIou(), percent(metrics.meanIouPresent())), 10, 22);
      g.setFont(Drawing.LABEL);
      FontMetrics fm = g.getFontMetrics();
      int plotBottom = TOP + n * ROW;
      for (int tick = 0; tick <= 100; tick += 20) {
        int x = left + tick * PLOT_WIDTH / 100;
        g.setColor(Drawing.GRID);
        g.drawLine(x, TOP - 4, x, plotBottom);
        g.setColor(Drawing.MUTED);
        String label = tick + "%";
        g.drawString(label, x - fm.stringWidth(label) / 2, plotBottom + 16);
      }
      for (int c = 0; c < n; c++) {
        int y = TOP + c * ROW;
        String name = palette.classes().get(c);
        g.setColor(Drawing.INK);
        g.drawString(name, left - 8 - fm.stringWidth(name), y + ROW / 2 + 4);
        int barLength = (int) Math.round(metrics.iou()[c] * PLOT_WIDTH);
        g.setColor(new Color(palette.colour(c)));
        g.fillRect(left, y + 3, Math.max(barLength, 1), ROW - 6);
        g.setColor(Drawing.MUTED);
        g.drawRect(left, y + 3, Math.max(barLength, 1), ROW - 6);
        String value = metrics.present(c) ? String.format(Locale.ROOT, "%.1f", 100 * metrics.iou()[c]) : "absent";
        g.setColor(Drawing.INK);
        g.drawString(value, left + barLength + 6, y + ROW / 2 + 4);
      }
      int meanX = left + (int) Math.round(metrics.meanIou() * PLOT_WIDTH);
      g.setColor(new Color(0xC0, 0x30, 0x30));
      g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
      g.drawLine(meanX, TOP - 6, meanX, plotBottom);
      g.drawString("mIoU", meanX + 3, TOP - 8);
      g.setColor(Drawing.MUTED);
      g.setStroke(new BasicStroke(1f));
      g.drawLine(left, TOP - 4, left, plotBottom);
    } finally {
      g.dispose();
    }
    return image;
  }

  private static String percent(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }
}
