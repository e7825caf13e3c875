package org.hrnetbeam.imageio;

/** A rectangle of an image: top-left corner (x, y) and its size. */
public record Window(int x, int y, int width, int height) {

  public Window {
    if (x < 0 || y < 0 || width <= 0 || height <= 0) {
      throw new IllegalArgumentException("bad window " + x + "," + y + " " + width + "x" + height);
    }
  }

  /** Fails unless the window lies inside an image of the given size. */
  public void checkInside(int imageWidth, int imageHeight) {
    if (x + width > imageWidth || y + height > imageHeight) {
      throw new IllegalArgumentException("window " + this + " exceeds the " + imageWidth + "x" + imageHeight + " image");
    }
  }
}
