package org.hrnetbeam.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused upsampling must give, bit for bit, what the separate steps (resize, mirror mean, exp,
 * window sum, argmax) give: evaluation's metrics may not move by a pixel because of it.
 */
class LogitUpsamplingTest {

  private static Planes random(long seed, int c, int h, int w) {
    Random r = new Random(seed);
    Planes p = Planes.zeros(c, h, w);
    for (int i = 0; i < p.data().length; i++) {
      p.data()[i] = (float) (r.nextGaussian() * 4);
    }
    return p;
  }

  /** The unfused reference: resize each run, average with the mirrored one, exp, add at (top, left). */
  private static Planes separateSteps(Planes sum, int top, int left, Planes logits, Planes mirrored, int h, int w,
      boolean alignCorners) {
    Planes a = TwoTapBilinear.resize(logits, h, w, alignCorners);
    if (mirrored != null) {
      StepByStep.averageWithMirrored(a, TwoTapBilinear.resize(mirrored, h, w, alignCorners));
    }
    StepByStep.expInPlace(a);
    StepByStep.addAt(sum, a, top, left);
    return sum;
  }

  @Test
  void addExpEqualsResizeMirrorMeanExpAndWindowSumBitForBit() {
    for (boolean alignCorners : new boolean[] {false, true}) {
      for (boolean flip : new boolean[] {false, true}) {
        Planes logits = random(1, 5, 6, 9);
        Planes mirrored = flip ? random(2, 5, 6, 9) : null;
        Planes fused = random(3, 5, 30, 40);
        Planes expected = random(3, 5, 30, 40);
        LogitUpsampling.addExp(fused, 4, 7, logits, mirrored, 23, 33, alignCorners);
        separateSteps(expected, 4, 7, logits, mirrored, 23, 33, alignCorners);
        assertArrayEquals(expected.data(), fused.data(), "align " + alignCorners + ", flip " + flip);
      }
    }
  }

  @Test
  void addExpAtTheLogitsOwnSizeSkipsTheResize() {
    Planes logits = random(4, 3, 8, 10);
    Planes mirrored = random(5, 3, 8, 10);
    Planes fused = Planes.zeros(3, 8, 10);
    LogitUpsampling.addExp(fused, 0, 0, logits, mirrored, 8, 10, false);
    assertArrayEquals(separateSteps(Planes.zeros(3, 8, 10), 0, 0, logits, mirrored, 8, 10, false).data(),
        fused.data());
  }

  @Test
  void argmaxEqualsArgmaxOfTheResizedMeanIncludingTiesToTheLowerClass() {
    for (boolean flip : new boolean[] {false, true}) {
      Planes logits = random(6, 7, 12, 16);
      Planes mirrored = flip ? random(7, 7, 12, 16) : null;
      // Class 4 equal to class 2 everywhere: the tie must go to class 2, as Planes.argmax does.
      System.arraycopy(logits.data(), 2 * 12 * 16, logits.data(), 4 * 12 * 16, 12 * 16);
      if (mirrored != null) {
        System.arraycopy(mirrored.data(), 2 * 12 * 16, mirrored.data(), 4 * 12 * 16, 12 * 16);
      }
      Planes resized = TwoTapBilinear.resize(logits, 45, 61, true);
      if (mirrored != null) {
        StepByStep.averageWithMirrored(resized, TwoTapBilinear.resize(mirrored, 45, 61, true));
      }
      int[] expected = resized.argmax();
      assertArrayEquals(expected, LogitUpsampling.argmax(logits, mirrored, 45, 61, true), "flip " + flip);
      for (int k : expected) {
        assertEquals(false, k == 4, "class 4 only ties with class 2, which wins");
      }
    }
  }

  @Test
  void resizeAddIntoEqualsAddingTheResizedCopy() {
    Planes scores = random(8, 4, 17, 29);
    Planes fused = random(9, 4, 40, 50);
    Planes expected = random(9, 4, 40, 50);
    TwoTapBilinear.resizeAddInto(scores, fused, true);
    StepByStep.add(expected, TwoTapBilinear.resize(scores, 40, 50, true));
    assertArrayEquals(expected.data(), fused.data());
  }

  @Test
  void resizeAddIntoWithCountsEqualsDividingFirst() {
    Planes sums = random(12, 3, 21, 26);
    int[] count = new int[21 * 26];
    for (int i = 0; i < count.length; i++) {
      count[i] = 1 + i % 4;
    }
    Planes fused = random(13, 3, 11, 15);
    Planes expected = random(13, 3, 11, 15);
    TwoTapBilinear.resizeAddInto(sums, count, fused, false);
    Planes divided = Planes.wrap(3, 21, 26, sums.data().clone());
    StepByStep.divideBy(divided, count);
    StepByStep.add(expected, TwoTapBilinear.resize(divided, 11, 15, false));
    assertArrayEquals(expected.data(), fused.data());
  }

  @Test
  void aWindowOutsideTheSumOrMismatchedMirrorIsRefusedNamingTheShapes() {
    Planes logits = random(10, 2, 4, 4);
    IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
        () -> LogitUpsampling.addExp(Planes.zeros(2, 10, 10), 5, 0, logits, null, 8, 8, false));
    assertEquals("2x8x8 at (5, 0) does not fit 2x10x10", outside.getMessage());
    IllegalArgumentException mirror = assertThrows(IllegalArgumentException.class,
        () -> LogitUpsampling.argmax(logits, random(11, 2, 4, 5), 8, 8, false));
    assertEquals("mirrored logits 2x4x5 do not match 2x4x4", mirror.getMessage());
  }
}
