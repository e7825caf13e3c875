package org.hrnetbeam.inference;

/**
 * The size an image takes at a test scale, as the reference's {@code multi_scale_aug}: the long side
 * becomes {@code int(baseSize·scale + 0.5)} and the short side keeps the aspect ratio, rounded the
 * same way. When height equals width, the width counts as the long side (the reference's
 * {@code h > w} test).
 */
public record ScaledSize(int height, int width) {

  public static ScaledSize of(int height, int width, int baseSize, double scale) {
    int longSide = (int) (baseSize * scale + 0.5);
    if (longSide < 1) {
      throw new IllegalArgumentException("scale " + scale + " of base size " + baseSize + " leaves no pixel");
    }
    if (height > width) {
      return new ScaledSize(longSide, Math.max(1, (int) ((double) width * longSide / height + 0.5)));
    }
    return new ScaledSize(Math.max(1, (int) ((double) height * longSide / width + 0.5)), longSide);
  }
}
