package org.hrnetbeam.demo;

/**
 * A straight street in one-point perspective: everything below the horizon is ground, the road
 * and its two sidewalks widen linearly from the vanishing point to the bottom of the picture.
 * Depth {@code t} is 0 at the horizon and 1 at the bottom row; objects standing at a row are
 * scaled by it.
 *
 * @param width picture width
 * @param height picture height
 * @param horizon the horizon row
 * @param vanishingX column of the vanishing point
 * @param drift how far (× width) the road centre moves sideways by the bottom row (a gentle turn of view)
 * @param roadHalf half the road's width at the bottom row, × width
 * @param sidewalk the sidewalk's width at the bottom row, × width
 */
record StreetGeometry(int width, int height, double horizon, double vanishingX, double drift, double roadHalf,
    double sidewalk) {

  /** 0 at the horizon, 1 at the bottom; negative above the horizon. */
  double depth(double y) {
    return (y + 0.5 - horizon) / (height - horizon);
  }

  /** The row whose depth is {@code t}. */
  double rowAt(double t) {
    return horizon + t * (height - horizon) - 0.5;
  }

  double centre(double y) {
    return vanishingX + depth(y) * drift * width;
  }

  double halfRoad(double y) {
    return Math.max(0, depth(y)) * roadHalf * width;
  }

  double sidewalkWidth(double y) {
    return Math.max(0, depth(y)) * sidewalk * width;
  }

  /** Signed horizontal distance from the road centre at row y, in half-road units (|u| < 1 is road). */
  double across(double x, double y) {
    double half = halfRoad(y);
    return half <= 0 ? Double.POSITIVE_INFINITY : (x + 0.5 - centre(y)) / half;
  }

  boolean onRoad(int x, int y) {
    return depth(y) > 0 && Math.abs(across(x, y)) < 1;
  }

  /** Which side's sidewalk (-1 left, +1 right) covers (x, y), or 0 for none. */
  int sidewalkSide(int x, int y) {
    if (depth(y) <= 0) {
      return 0;
    }
    double d = x + 0.5 - centre(y);
    double half = halfRoad(y);
    double outer = half + sidewalkWidth(y);
    if (d <= -half && d > -outer) {
      return -1;
    }
    if (d >= half && d < outer) {
      return 1;
    }
    return 0;
  }

  /** The column at fraction {@code f} (0 kerb, 1 outer edge) across the sidewalk on {@code side} at row y. */
  double sidewalkX(int side, double f, double y) {
    return centre(y) + side * (halfRoad(y) + f * sidewalkWidth(y));
  }

  /** The column at {@code u} half-road units from the centre at row y. */
  double roadX(double u, double y) {
    return centre(y) + u * halfRoad(y);
  }
}
