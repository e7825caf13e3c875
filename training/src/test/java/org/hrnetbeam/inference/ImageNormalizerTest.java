package org.hrnetbeam.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImageNormalizerTest {

  @Test
  void rgbOverTwoFiftyFiveMinusImagenetMeanOverStd() {
    int[] pixels = {0xFF0080, 0x000000};
    Planes p = ImageNormalizer.normalize(pixels, 1, 2);
    assertEquals((1.0 - 0.485) / 0.229, p.get(0, 0, 0), 1e-6);
    assertEquals((0.0 - 0.456) / 0.224, p.get(1, 0, 0), 1e-6);
    assertEquals((128 / 255.0 - 0.406) / 0.225, p.get(2, 0, 0), 1e-6);
    assertEquals(-0.485 / 0.229, p.get(0, 0, 1), 1e-6);
  }

  @Test
  void alphaIsIgnoredAndSizesMustAgree() {
    assertEquals(ImageNormalizer.normalize(new int[] {0x123456}, 1, 1).get(1, 0, 0),
        ImageNormalizer.normalize(new int[] {0xFF123456}, 1, 1).get(1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> ImageNormalizer.normalize(new int[3], 2, 2));
  }
}
