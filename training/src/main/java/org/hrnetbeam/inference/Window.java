package org.hrnetbeam.inference;

/** One sliding window: rows {@code [top, bottom)}, columns {@code [left, right)} of the scaled image. */
public record Window(int top, int left, int bottom, int right) {

  public int height() {
    return bottom - top;
  }

  public int width() {
    return right - left;
  }
}
