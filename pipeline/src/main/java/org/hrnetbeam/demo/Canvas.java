package org.hrnetbeam.demo;

import org.hrnetbeam.imageio.LabelImage;
import org.hrnetbeam.imageio.RgbImage;

/**
 * The surface a scene is painted on: a colour (0..255, as doubles until the end) and a Cityscapes
 * label id per pixel. Every fill sets both, so the label is exactly what the picture shows; later
 * fills cover earlier ones, as nearer objects hide farther ones.
 */
final class Canvas {
  /** Where a shape is: true for the pixels it covers. */
  interface Region {
    boolean contains(int x, int y);
  }

  /** The colour of a material at a pixel, written into {@code rgb} (0..255 each). */
  interface Shader {
    void colour(int x, int y, double[] rgb);
  }

  private final int width;
  private final int height;
  private final double[] rgb;
  private final int[] labels;
  private final double[] scratch = new double[3];

  Canvas(int width, int height) {
    this.width = width;
    this.height = height;
    this.rgb = new double[width * height * 3];
    this.labels = new int[width * height];
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  /** Paints the pixels of {@code region} inside the box [x0, x1) × [y0, y1) (clipped to the canvas). */
  void fill(double x0, double y0, double x1, double y1, Region region, int label, Shader shader) {
    int xa = Math.max(0, (int) Math.floor(x0));
    int ya = Math.max(0, (int) Math.floor(y0));
    int xb = Math.min(width, (int) Math.ceil(x1));
    int yb = Math.min(height, (int) Math.ceil(y1));
    for (int y = ya; y < yb; y++) {
      for (int x = xa; x < xb; x++) {
        if (region.contains(x, y)) {
          set(x, y, label, shader);
        }
      }
    }
  }

  /** A rectangle with corners (x0, y0) and (x1, y1); pixel centres decide coverage. */
  void rect(double x0, double y0, double x1, double y1, int label, Shader shader) {
    fill(x0, y0, x1, y1, (x, y) -> x + 0.5 >= x0 && x + 0.5 < x1 && y + 0.5 >= y0 && y + 0.5 < y1, label, shader);
  }

  /** An axis-aligned ellipse centred at (cx, cy). */
  void ellipse(double cx, double cy, double rx, double ry, int label, Shader shader) {
    fill(cx - rx, cy - ry, cx + rx + 1, cy + ry + 1, (x, y) -> {
      double dx = (x + 0.5 - cx) / rx;
      double dy = (y + 0.5 - cy) / ry;
      return dx * dx + dy * dy <= 1.0;
    }, label, shader);
  }

  /** A triangle; used for warning signs and roofs. */
  void triangle(double ax, double ay, double bx, double by, double cx, double cy, int label, Shader shader) {
    double x0 = Math.min(ax, Math.min(bx, cx));
    double x1 = Math.max(ax, Math.max(bx, cx));
    double y0 = Math.min(ay, Math.min(by, cy));
    double y1 = Math.max(ay, Math.max(by, cy));
    fill(x0, y0, x1 + 1, y1 + 1, (x, y) -> {
      double px = x + 0.5;
      double py = y + 0.5;
      double d1 = (px - bx) * (ay - by) - (ax - bx) * (py - by);
      double d2 = (px - cx) * (by - cy) - (bx - cx) * (py - cy);
      double d3 = (px - ax) * (cy - ay) - (cx - ax) * (py - ay);
      boolean negative = d1 < 0 || d2 < 0 || d3 < 0;
      boolean positive = d1 > 0 || d2 > 0 || d3 > 0;
      return !(negative && positive);
    }, label, shader);
  }

  /** Scales the colour inside {@code region} by {@code factor} without touching labels (shadows). */
  void shade(Region region, double factor) {
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (region.contains(x, y)) {
          int i = (y * width + x) * 3;
          rgb[i] *= factor;
          rgb[i + 1] *= factor;
          rgb[i + 2] *= factor;
        }
      }
    }
  }

  /** Changes every pixel's colour with {@code light}, which receives the current colour (lighting, sensor noise). */
  void relight(Shader light) {
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = (y * width + x) * 3;
        scratch[0] = rgb[i];
        scratch[1] = rgb[i + 1];
        scratch[2] = rgb[i + 2];
        light.colour(x, y, scratch);
        rgb[i] = scratch[0];
        rgb[i + 1] = scratch[1];
        rgb[i + 2] = scratch[2];
      }
    }
  }

  int label(int x, int y) {
    return labels[y * width + x];
  }

  RgbImage image() {
    byte[] bytes = new byte[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      bytes[i] = (byte) Math.max(0, Math.min(255, (int) Math.round(rgb[i])));
    }
    return new RgbImage(width, height, bytes);
  }

  LabelImage labelImage() {
    return new LabelImage(width, height, labels.clone());
  }

  private void set(int x, int y, int label, Shader shader) {
    shader.colour(x, y, scratch);
    int i = (y * width + x) * 3;
    rgb[i] = scratch[0];
    rgb[i + 1] = scratch[1];
    rgb[i + 2] = scratch[2];
    labels[y * width + x] = label;
  }
}
