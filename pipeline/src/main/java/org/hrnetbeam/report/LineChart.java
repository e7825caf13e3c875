package org.hrnetbeam.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * One series as a line (points as dots when there are few), with "nice" axis ticks (1, 2, 5 × 10^k),
 * grid lines and axis titles: the training curves of the report (loss and lr by iteration, mIoU by
 * epoch). An empty series draws the axes with a "no data" note rather than failing, so a report can be
 * written before the first validation.
 */
public final class LineChart {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 300;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 36;
  private static final int BOTTOM = 46;

  /** One point of a series. */
  public record Point(double x, double y) {}

  private LineChart() {}

  public static BufferedImage draw(String title, String xLabel, String yLabel, List<Point> points, Color colour) {
    BufferedImage image = Drawing.canvas(WIDTH, HEIGHT);
    Graphics2D g = Drawing.graphics(image);
    try {
      g.setFont(Drawing.TITLE);
      g.drawString(title, 10, 22);
      g.setFont(Drawing.LABEL);
      FontMetrics fm = g.getFontMetrics();
      int plotW = WIDTH - LEFT - RIGHT;
      int plotH = HEIGHT - TOP - BOTTOM;
      List<Point> finite = points.stream().filter(p -> Double.isFinite(p.x()) && Double.isFinite(p.y())).toList();
      double[] xr = range(finite, true);
      double[] yr = range(finite, false);
      double[] xTicks = ticks(xr[0], xr[1]);
      double[] yTicks = ticks(yr[0], yr[1]);
      double x0 = xTicks[0];
      double x1 = xTicks[xTicks.length - 1];
      double y0 = yTicks[0];
      double y1 = yTicks[yTicks.length - 1];
      for (double t : yTicks) {
        int y = TOP + plotH - (int) Math.round((t - y0) / (y1 - y0) * plotH);
        g.setColor(Drawing.GRID);
        g.drawLine(LEFT, y, LEFT + plotW, y);
        g.setColor(Drawing.MUTED);
        String s = format(t);
        g.drawString(s, LEFT - 6 - fm.stringWidth(s), y + 4);
      }
      for (double t : xTicks) {
        int x = LEFT + (int) Math.round((t - x0) / (x1 - x0) * plotW);
        g.setColor(Drawing.GRID);
        g.drawLine(x, TOP, x, TOP + plotH);
        g.setColor(Drawing.MUTED);
        String s = format(t);
        g.drawString(s, x - fm.stringWidth(s) / 2, TOP + plotH + 16);
      }
      g.setColor(Drawing.MUTED);
      g.drawRect(LEFT, TOP, plotW, plotH);
      g.setColor(Drawing.INK);
      g.drawString(xLabel, LEFT + plotW / 2 - fm.stringWidth(xLabel) / 2, HEIGHT - 10);
      Graphics2D rotated = (Graphics2D) g.create();
      rotated.rotate(-Math.PI / 2);
      rotated.drawString(yLabel, -(TOP + plotH / 2) - fm.stringWidth(yLabel) / 2, 16);
      rotated.dispose();
      if (finite.isEmpty()) {
        g.setColor(Drawing.MUTED);
        g.drawString("no data", LEFT + plotW / 2 - fm.stringWidth("no data") / 2, TOP + plotH / 2);
        return image;
      }
      Path2D.Double line = new Path2D.Double();
      for (int i = 0; i < finite.size(); i++) {
        double px = LEFT + (finite.get(i).x() - x0) / (x1 - x0) * plotW;
        double py = TOP + plotH - (finite.get(i).y() - y0) / (y1 - y0) * plotH;
        if (i == 0) {
          line.moveTo(px, py);
        } else {
          line.lineTo(px, py);
        }
      }
      g.setColor(colour);
      g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.draw(line);
      if (finite.size() <= 60) {
        for (Point p : finite) {
          double px = LEFT + (p.x() - x0) / (x1 - x0) * plotW;
          double py = TOP + plotH - (p.y() - y0) / (y1 - y0) * plotH;
          g.fillOval((int) Math.round(px) - 3, (int) Math.round(py) - 3, 7, 7);
        }
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private static double[] range(List<Point> points, boolean xAxis) {
    if (points.isEmpty()) {
      return new double[] {0, 1};
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Point p : points) {
      double v = xAxis ? p.x() : p.y();
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (hi == lo) {
      double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
      return new double[] {lo - pad, hi + pad};
    }
    return new double[] {lo, hi};
  }

  /** Ticks on a 1/2/5 × 10^k step that enclose [lo, hi] in about five intervals. */
  static double[] ticks(double lo, double hi) {
    double raw = (hi - lo) / 5;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double residual = raw / magnitude;
    double step = (residual > 5 ? 10 : residual > 2 ? 5 : residual > 1 ? 2 : 1) * magnitude;
    double start = Math.floor(lo / step) * step;
    double end = Math.ceil(hi / step) * step;
    int count = (int) Math.round((end - start) / step) + 1;
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = start + i * step;
    }
    return out;
  }

  private static String format(double v) {
    double a = Math.abs(v);
    if (v == 0) {
      return "0";
    }
    if (a >= 1e5 || a < 1e-3) {
      return String.format(Locale.ROOT, "%.0e", v);
    }
    String s = String.format(Locale.ROOT, "%.4f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
