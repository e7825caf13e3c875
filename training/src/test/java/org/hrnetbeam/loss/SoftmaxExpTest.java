package org.hrnetbeam.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SoftmaxExpTest {

  @Test
  void withinTwoUlpOfExpOverTheWholeNonPositiveRange() {
    double worst = 0;
    for (float d = 0f; d > -87f; d -= 0.0007f) {
      double exact = Math.exp(d);
      worst = Math.max(worst, Math.abs(SoftmaxExp.exp(d) - exact) / exact);
    }
    assertTrue(worst < 1.2e-7, "worst relative error " + worst);
    assertEquals(1f, SoftmaxExp.exp(0f));
    assertEquals(1f, SoftmaxExp.exp(-0f));
  }

  @Test
  void farBelowTheRangeGivesATinyPositiveValueAndNanStaysNan() {
    float tiny = SoftmaxExp.exp(-1000f);
    assertTrue(tiny > 0 && tiny < 2e-38f, "exp(-1000) gave " + tiny);
    assertTrue(Float.isNaN(SoftmaxExp.exp(Float.NaN)));
    assertEquals(1f + SoftmaxExp.exp(-200f), 1f);
  }
}
