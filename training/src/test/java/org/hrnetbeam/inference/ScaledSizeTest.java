package org.hrnetbeam.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScaledSizeTest {

  @Test
  void longSideIsBaseTimesScaleRoundedHalfUp() {
    assertEquals(new ScaledSize(768, 1536), ScaledSize.of(1024, 2048, 2048, 0.75));
    assertEquals(new ScaledSize(1792, 3584), ScaledSize.of(1024, 2048, 2048, 1.75));
    // CamVid 360x480 with base 480 at 1.25: long int(600.5) = 600, short int(360*600/480 + 0.5) = int(450.5)
    assertEquals(new ScaledSize(450, 600), ScaledSize.of(360, 480, 480, 1.25));
  }

  @Test
  void portraitImagesScaleTheirHeightAndSquaresTheirWidth() {
    assertEquals(new ScaledSize(100, 50), ScaledSize.of(200, 100, 100, 1.0));
    assertEquals(new ScaledSize(30, 30), ScaledSize.of(7, 7, 30, 1.0));
    // short side rounding: 333 * 100 / 500 = 66.6 → 67
    assertEquals(new ScaledSize(67, 100), ScaledSize.of(333, 500, 100, 1.0));
  }

  @Test
  void aScaleLeavingNoPixelFails() {
    assertThrows(IllegalArgumentException.class, () -> ScaledSize.of(10, 10, 1, 0.2));
  }
}
