package org.hrnetbeam.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WindowPlanTest {

  @Test
  void lastWindowsShiftBackToTheEdgeAndOverlap() {
    // 7x10 image, 4x4 windows, stride 4: rows ceil(3/4)+1 = 2, cols ceil(6/4)+1 = 3.
    // Row 1 would be [4, 8): clipped to 7, shifted to [3, 7). Column 2 would be [8, 12): → [6, 10).
    List<Window> windows = WindowPlan.windows(7, 10, 4, 4);
    assertEquals(List.of(
        new Window(0, 0, 4, 4), new Window(0, 4, 4, 8), new Window(0, 6, 4, 10),
        new Window(3, 0, 7, 4), new Window(3, 4, 7, 8), new Window(3, 6, 7, 10)), windows);
    int[] count = WindowPlan.coverage(7, 10, windows);
    int[] expected = {
      1, 1, 1, 1, 1, 1, 2, 2, 1, 1,
      1, 1, 1, 1, 1, 1, 2, 2, 1, 1,
      1, 1, 1, 1, 1, 1, 2, 2, 1, 1,
      2, 2, 2, 2, 2, 2, 4, 4, 2, 2,
      1, 1, 1, 1, 1, 1, 2, 2, 1, 1,
      1, 1, 1, 1, 1, 1, 2, 2, 1, 1,
      1, 1, 1, 1, 1, 1, 2, 2, 1, 1,
    };
    assertArrayEquals(expected, count);
  }

  @Test
  void cityscapesAtScaleOnePointFiveUsesFourHalfOverlappingWindows() {
    // 1024x2048 at 1.5 → 1536x3072; TEST.IMAGE_SIZE [2048, 1024]
    assertEquals(List.of(
        new Window(0, 0, 1024, 2048), new Window(0, 1024, 1024, 3072),
        new Window(512, 0, 1536, 2048), new Window(512, 1024, 1536, 3072)),
        WindowPlan.windows(1536, 3072, 1024, 2048));
  }

  @Test
  void exactMultiplesTileWithoutOverlap() {
    List<Window> windows = WindowPlan.windows(8, 8, 4, 4);
    assertEquals(4, windows.size());
    for (int c : WindowPlan.coverage(8, 8, windows)) {
      assertEquals(1, c);
    }
  }

  @Test
  void anImageSmallerThanTheWindowIsOneWindowWithoutPadding() {
    assertEquals(List.of(new Window(0, 0, 3, 5)), WindowPlan.windows(3, 5, 4, 8));
    // taller than the window but narrower
    assertEquals(List.of(new Window(0, 0, 4, 5), new Window(2, 0, 6, 5)), WindowPlan.windows(6, 5, 4, 8));
  }
}
