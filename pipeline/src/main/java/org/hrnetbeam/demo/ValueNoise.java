package org.hrnetbeam.demo;

/**
 * Smooth pseudo-random noise in [-1, 1] on the plane: random values on an integer lattice,
 * blended with a smoothstep. A pure function of (seed, x, y), so textures drawn with it are the
 * same on every run and every JVM.
 */
final class ValueNoise {
  private final long seed;

  ValueNoise(long seed) {
    this.seed = seed;
  }

  /** Noise at (x, y) with features about {@code period} pixels apart. */
  double at(double x, double y, double period) {
    double fx = x / period;
    double fy = y / period;
    long ix = (long) Math.floor(fx);
    long iy = (long) Math.floor(fy);
    double tx = smooth(fx - ix);
    double ty = smooth(fy - iy);
    double top = lerp(lattice(ix, iy), lattice(ix + 1, iy), tx);
    double bottom = lerp(lattice(ix, iy + 1), lattice(ix + 1, iy + 1), tx);
    return lerp(top, bottom, ty);
  }

  /** Two octaves: coarse shape plus finer detail, still within [-1, 1]. */
  double fractal(double x, double y, double period) {
    return 0.65 * at(x, y, period) + 0.35 * at(x + 101.0, y + 37.0, period / 2.7);
  }

  /** A value in [-1, 1] per pixel with no spatial correlation (sensor noise). */
  double pixel(int x, int y) {
    return lattice(x * 7919L + 13, y * 104729L + 7);
  }

  private double lattice(long x, long y) {
    long h = seed ^ (x * 0x9E3779B97F4A7C15L) ^ (y * 0xC2B2AE3D27D4EB4FL);
    h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 29)) * 0x94D049BB133111EBL;
    h ^= h >>> 32;
    return ((h >>> 11) * 0x1.0p-53) * 2.0 - 1.0;
  }

  private static double smooth(double t) {
    return t * t * (3 - 2 * t);
  }

  private static double lerp(double a, double b, double t) {
    return a + (b - a) * t;
  }
}
