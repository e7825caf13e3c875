package org.hrnetbeam.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PolyDecayTest {
  @Test
  void startsAtBaseEndsAtZeroAndFollowsThePowerCurve() {
    assertEquals(0.01, PolyDecay.lr(0.01, 0, 1000), 0);
    assertEquals(0.0, PolyDecay.lr(0.01, 1000, 1000), 0);
    // Half way: 0.5^0.9 = 0.535886731...
    assertEquals(0.01 * 0.5358867312681466, PolyDecay.lr(0.01, 500, 1000), 1e-15);
    // A value computed by hand from the formula with another base and position.
    assertEquals(0.02 * Math.pow(0.75, 0.9), PolyDecay.lr(0.02, 25, 100), 1e-15);
  }

  @Test
  void decreasesStrictlyAlongTheSchedule() {
    double previous = Double.MAX_VALUE;
    for (int it = 0; it <= 200; it++) {
      double lr = PolyDecay.lr(0.01, it, 200);
      assertTrue(lr < previous, "lr at " + it);
      previous = lr;
    }
  }

  @Test
  void refusesIterationsOutsideTheScheduleNamingThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PolyDecay.lr(0.01, 101, 100));
    assertTrue(e.getMessage().contains("101") && e.getMessage().contains("100"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PolyDecay.lr(0.01, -1, 100));
    assertThrows(IllegalArgumentException.class, () -> PolyDecay.lr(0.01, 0, 0));
  }
}
