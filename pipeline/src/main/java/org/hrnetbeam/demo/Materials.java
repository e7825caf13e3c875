package org.hrnetbeam.demo;

import java.util.SplittableRandom;

/**
 * Surface looks for the scene's classes. Colour ranges overlap on purpose (an overcast sky is as
 * grey as a facade, a grey car as grey as the road, dry grass as brown as a brick wall), so a
 * model must use texture and shape too: leaves are blotchy at a few pixels, grass smooth and
 * streaky, asphalt finely grained, pavers tiled, paint smooth with a highlight.
 */
final class Materials {
  private final SplittableRandom random;
  private final ValueNoise noise;

  Materials(SplittableRandom random, ValueNoise noise) {
    this.random = random;
    this.noise = noise;
  }

  /** A colour near {@code (r, g, b)}, each channel moved by up to ±spread. */
  double[] near(double r, double g, double b, double spread) {
    return new double[] {jitter(r, spread), jitter(g, spread), jitter(b, spread)};
  }

  /** A grey of brightness in [lo, hi) with a slight tint. */
  double[] grey(double lo, double hi) {
    double v = lo + random.nextDouble() * (hi - lo);
    return near(v, v, v, 8);
  }

  /** Any saturated or dull colour: car paint, clothes, facades. */
  double[] anyColour() {
    double hue = random.nextDouble();
    double saturation = random.nextDouble() < 0.35 ? random.nextDouble() * 0.15 : 0.3 + random.nextDouble() * 0.6;
    double value = 40 + random.nextDouble() * 200;
    return hsv(hue, saturation, value);
  }

  /** Even colour with a little low-frequency variation. */
  Canvas.Shader plain(double[] base, double variation) {
    double offset = random.nextDouble() * 1000;
    return (x, y, out) -> {
      double n = noise.at(x + offset, y, 9.0) * variation;
      out[0] = base[0] + n;
      out[1] = base[1] + n;
      out[2] = base[2] + n;
    };
  }

  /** Blotchy foliage: dark gaps and bright leaves at a scale of a few pixels. */
  Canvas.Shader leaves(double[] base) {
    double offset = random.nextDouble() * 1000;
    double size = 1.6 + random.nextDouble() * 1.6;
    return (x, y, out) -> {
      double n = noise.fractal(x + offset, y + offset, size);
      double k = 0.55 + 0.6 * (n + 1) / 2;
      out[0] = base[0] * k;
      out[1] = base[1] * k;
      out[2] = base[2] * k;
    };
  }

  /** Grass or soil: smooth, with soft horizontal streaks. */
  Canvas.Shader turf(double[] base) {
    double offset = random.nextDouble() * 1000;
    return (x, y, out) -> {
      double n = noise.at((x + offset) / 4.0, y, 2.5) * 14 + noise.at(x + offset, y, 12) * 10;
      out[0] = base[0] + n;
      out[1] = base[1] + n;
      out[2] = base[2] + n * 0.6;
    };
  }

  /** Asphalt: fine grain over slow patches of wear. */
  Canvas.Shader asphalt(double[] base) {
    double offset = random.nextDouble() * 1000;
    return (x, y, out) -> {
      double n = noise.pixel(x, y) * 9 + noise.at(x + offset, y, 14) * 12;
      out[0] = base[0] + n;
      out[1] = base[1] + n;
      out[2] = base[2] + n;
    };
  }

  /** Paving stones: a tile grid whose joints are darker; tiles shrink toward the horizon. */
  Canvas.Shader pavers(double[] base, double horizon) {
    double tile = 5 + random.nextDouble() * 5;
    double offset = random.nextDouble() * 1000;
    return (x, y, out) -> {
      double depth = Math.max(0.15, (y - horizon) / 60.0);
      double u = (x + offset) / (tile * depth);
      double v = (y - horizon) / (tile * 0.5 * depth);
      boolean joint = u - Math.floor(u) < 0.12 || v - Math.floor(v) < 0.15;
      double n = noise.pixel(x, y) * 6 + (joint ? -28 : 0);
      out[0] = base[0] + n;
      out[1] = base[1] + n;
      out[2] = base[2] + n;
    };
  }

  /** Car or bus paint: smooth, lighter near the top edge (sky reflection). */
  Canvas.Shader paint(double[] base, double top, double bottom) {
    return (x, y, out) -> {
      double t = Math.max(0, Math.min(1, (y - top) / Math.max(1, bottom - top)));
      double k = 1.25 - 0.45 * t;
      out[0] = base[0] * k;
      out[1] = base[1] * k;
      out[2] = base[2] * k;
    };
  }

  /** Sky: a vertical gradient, blue or overcast, with soft clouds. */
  Canvas.Shader sky(double horizon) {
    boolean overcast = random.nextDouble() < 0.4;
    double[] zenith = overcast ? grey(150, 215) : near(90, 140, 215, 30);
    double[] low = overcast ? grey(175, 235) : near(185, 210, 235, 20);
    double clouds = overcast ? 10 : 35 * random.nextDouble();
    double offset = random.nextDouble() * 1000;
    return (x, y, out) -> {
      double t = Math.max(0, Math.min(1, y / Math.max(1, horizon)));
      double c = Math.max(0, noise.fractal((x + offset) / 2.0, y, 16)) * clouds;
      for (int i = 0; i < 3; i++) {
        out[i] = zenith[i] + (low[i] - zenith[i]) * t + c;
      }
    };
  }

  double[] hsv(double hue, double saturation, double value) {
    double h = (hue - Math.floor(hue)) * 6;
    int sector = (int) h;
    double f = h - sector;
    double p = value * (1 - saturation);
    double q = value * (1 - saturation * f);
    double t = value * (1 - saturation * (1 - f));
    return switch (sector) {
      case 0 -> new double[] {value, t, p};
      case 1 -> new double[] {q, value, p};
      case 2 -> new double[] {p, value, t};
      case 3 -> new double[] {p, q, value};
      case 4 -> new double[] {t, p, value};
      default -> new double[] {value, p, q};
    };
  }

  private double jitter(double v, double spread) {
    return v + (random.nextDouble() * 2 - 1) * spread;
  }
}
