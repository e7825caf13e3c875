package org.hrnetbeam.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FastExpTest {

  @Test
  void staysWithinAFewUlpOfMathExpAcrossTheFloatRange() {
    double worst = 0;
    float worstAt = 0;
    for (float x = -103f; x < 88.7f; x += 0.000731f) {
      double want = Math.exp(x);
      float got = FastExp.exp(x);
      double ulps = Math.abs(got - want) / Math.ulp((float) want);
      if (ulps > worst) {
        worst = ulps;
        worstAt = x;
      }
    }
    assertTrue(worst <= 4, "worst error " + worst + " ulp at x=" + worstAt);
  }

  @Test
  void edgeCasesBehaveLikeMathExp() {
    assertEquals(1f, FastExp.exp(0f));
    assertEquals(Float.POSITIVE_INFINITY, FastExp.exp(89f));
    assertEquals(Float.POSITIVE_INFINITY, FastExp.exp(452f));
    assertEquals(0f, FastExp.exp(-452f));
    assertTrue(Float.isNaN(FastExp.exp(Float.NaN)));
    assertEquals((float) Math.exp(-100), FastExp.exp(-100f), Math.ulp((float) Math.exp(-100)) * 2);
  }
}
