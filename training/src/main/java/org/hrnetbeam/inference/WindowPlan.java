package org.hrnetbeam.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the reference puts its sliding windows (Cityscapes {@code multi_scale_inference}): the
 * stride equals the window, {@code ceil((H − h) / h) + 1} rows and likewise columns, and a window
 * that would pass the bottom or right edge is shifted back so it ends on the edge ({@code h0 =
 * max(h1 − h, 0)}), overlapping its neighbour. An image smaller than the window gets one window,
 * the whole image, without padding.
 */
public final class WindowPlan {
  private WindowPlan() {
  }

  /** Windows in the reference's order: row by row, left to right. */
  public static List<Window> windows(int height, int width, int windowHeight, int windowWidth) {
    int rows = count(height, windowHeight);
    int cols = count(width, windowWidth);
    List<Window> out = new ArrayList<>(rows * cols);
    for (int r = 0; r < rows; r++) {
      int bottom = Math.min(r * windowHeight + windowHeight, height);
      int top = Math.max(bottom - windowHeight, 0);
      for (int c = 0; c < cols; c++) {
        int right = Math.min(c * windowWidth + windowWidth, width);
        int left = Math.max(right - windowWidth, 0);
        out.add(new Window(top, left, bottom, right));
      }
    }
    return out;
  }

  /** How many windows cover each pixel, {@code [H][W]} flattened (the reference's {@code count}). */
  public static int[] coverage(int height, int width, List<Window> windows) {
    int[] count = new int[height * width];
    for (Window w : windows) {
      for (int y = w.top(); y < w.bottom(); y++) {
        for (int x = w.left(); x < w.right(); x++) {
          count[y * width + x]++;
        }
      }
    }
    return count;
  }

  private static int count(int size, int window) {
    // ceil of a possibly negative quotient, as numpy's ceil on (size - window) / stride
    return (int) Math.ceil((size - window) / (double) window) + 1;
  }
}
