package org.hrnetbeam.schedule;

/**
 * The poly learning-rate curve: {@code base · (1 − iteration / max)^power}, no warm-up and no
 * floor, as in the reference's {@code adjust_learning_rate} (power 0.9).
 */
public final class PolyDecay {
  /** The reference's exponent. */
  public static final double POWER = 0.9;

  private PolyDecay() {}

  /** {@link #lr(double, long, long, double)} with power 0.9. */
  public static double lr(double baseLr, long iteration, long maxIterations) {
    return lr(baseLr, iteration, maxIterations, POWER);
  }

  /**
   * The rate at {@code iteration} of {@code maxIterations}: {@code baseLr} at 0, 0 at the end.
   * Beyond the end the reference would raise a negative number to a fractional power; we refuse.
   */
  public static double lr(double baseLr, long iteration, long maxIterations, double power) {
    if (maxIterations <= 0) {
      throw new IllegalArgumentException("poly decay needs maxIterations >= 1, got " + maxIterations);
    }
    if (iteration < 0 || iteration > maxIterations) {
      throw new IllegalArgumentException(
          "iteration " + iteration + " is outside the poly schedule [0, " + maxIterations + "]");
    }
    return baseLr * Math.pow(1.0 - (double) iteration / maxIterations, power);
  }
}
