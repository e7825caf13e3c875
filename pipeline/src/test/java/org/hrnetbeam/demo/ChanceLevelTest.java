package org.hrnetbeam.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The image-blind baseline the demo compares its mIoU with. */
class ChanceLevelTest {
  @Test
  void oneClassEverywhereIsGuessedPerfectlyButAbsentClassesCountZero() {
    assertEquals(1.0 / 3, ChanceLevel.of(new long[] {0, 100, 0}), 1e-12);
  }

  @Test
  void twoEqualClassesGiveOneThirdEach() {
    // p = 1/2: the guess is right half the time; IoU = 0.25 / (0.5 + 0.5 - 0.25) = 1/3.
    assertEquals(1.0 / 3, ChanceLevel.of(new long[] {50, 50}), 1e-12);
  }

  @Test
  void noLabelledPixelsIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> ChanceLevel.of(new long[] {0, 0}));
  }
}
