package org.hrnetbeam.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hrnetbeam.model.BilinearTaps;
import org.junit.jupiter.api.Test;

/**
 * The vector row kernel must give the scalar kernel's floats bit for bit (raw bits, NaN included):
 * otherwise a metric would depend on whether the JVM was started with the Vector API module. (Once,
 * off the test suite, the exp of all 2^32 float inputs was compared: none differ; docs/PERFORMANCE.md.)
 */
class RowKernelTest {

  private static RowKernel vectorKernel() {
    RowKernel vector = RowKernels.vectorKernelOrNull();
    assumeTrue(vector != null, "the JVM runs without --add-modules " + RowKernels.MODULE
        + " (surefire's argLine passes it); the vector kernel cannot be tested");
    return vector;
  }

  /** Inputs where the arithmetic has edges: the special cases, the bounds, and where n's rounding flips. */
  private static float[] edgeInputs() {
    List<Float> values = new ArrayList<>(List.of(0f, -0f, Float.NaN, Float.intBitsToFloat(0x7fc12345),
        Float.intBitsToFloat(0xffa00001), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE,
        -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1e30f, -1e30f, 8.5e6f, -8.5e6f,
        4.2e6f, -4.2e6f));
    for (float bound : new float[] {FastExp.OVERFLOW, FastExp.UNDERFLOW, -87.33655f, -88.7f, -100f, -103f}) {
      float v = bound;
      for (int step = 0; step < 8; step++) {
        v = Math.nextDown(v);
      }
      for (int step = 0; step < 17; step++) {
        values.add(v);
        v = Math.nextUp(v);
      }
    }
    // x·log2(e) near k + 0.5 and near k: where the rounded n changes
    for (int k = -151; k <= 129; k++) {
      for (float at : new float[] {(float) ((k + 0.5) * Math.log(2)), (float) (k * Math.log(2))}) {
        float v = at;
        for (int step = 0; step < 4; step++) {
          v = Math.nextDown(v);
        }
        for (int step = 0; step < 9; step++) {
          values.add(v);
          v = Math.nextUp(v);
        }
      }
    }
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  private static void assertSameBits(float[] expected, float[] actual, float[] inputs, int from, String what) {
    for (int i = 0; i < expected.length; i++) {
      int input = from + i < inputs.length ? from + i : -1;
      assertEquals(Integer.toHexString(Float.floatToRawIntBits(expected[i])),
          Integer.toHexString(Float.floatToRawIntBits(actual[i])),
          what + ", index " + i + (input >= 0 ? ", exp of " + inputs[input] : ""));
    }
  }

  @Test
  void vectorKernelGivesTheScalarBitsOnEdgeValues() {
    RowKernel vector = vectorKernel();
    float[] all = edgeInputs();
    // The vector loop runs on rows without special cases; a row with one goes to the scalar code.
    // Both kinds of row are checked.
    float[] ordinary = new float[all.length];
    int n = 0;
    for (float x : all) {
      if (x >= FastExp.UNDERFLOW && x < FastExp.OVERFLOW) {
        ordinary[n++] = x;
      }
    }
    assertTrue(n > 2000, n + " ordinary edge values");
    for (float[] inputs : new float[][] {java.util.Arrays.copyOf(ordinary, n), all}) {
      float[] scalarSum = new float[inputs.length];
      float[] vectorSum = new float[inputs.length];
      new ScalarRowKernel().addExp(inputs, 0, scalarSum, 0, inputs.length);
      vector.addExp(inputs, 0, vectorSum, 0, inputs.length);
      assertSameBits(scalarSum, vectorSum, inputs, 0, inputs.length == n ? "ordinary edge values" : "edge values");
    }
  }

  @Test
  void vectorKernelGivesTheScalarBitsOnOddWidthsAndOffsets() {
    RowKernel vector = vectorKernel();
    Random random = new Random(11);
    float[] values = new float[5000];
    for (int i = 0; i < values.length; i++) {
      // logits of either sign, a few large; past index 2500 one value beyond the overflow bound
      // every 700, so rows read from 2790 or 2800 (when long enough) have a special case
      values[i] = i > 2500 && i % 700 == 699 ? 95f : (float) (random.nextGaussian() * (i % 3 == 0 ? 15 : 4));
    }
    for (int width : new int[] {1, 7, 15, 16, 17, 31, 33, 63, 65, 479, 2049}) {
      for (int from : new int[] {0, 3, 17, 2790, 2800}) {
        int dst = 5;
        float[] scalarSum = new float[width + 2 * dst];
        for (int i = 0; i < scalarSum.length; i++) {
          scalarSum[i] = random.nextFloat() * 100;
        }
        float[] vectorSum = scalarSum.clone();
        new ScalarRowKernel().addExp(values, from, scalarSum, dst, width);
        vector.addExp(values, from, vectorSum, dst, width);
        assertSameBits(scalarSum, vectorSum, new float[0], 0, "width " + width + " from " + from);
        assertEquals(scalarSum[dst - 1], vectorSum[dst - 1], "nothing written before dst");
        assertEquals(scalarSum[dst + width], vectorSum[dst + width], "nothing written after the row");
      }
    }
  }

  /** Random values with a sprinkling of the special ones, as rows of a few widths share them. */
  private static float[] randomWithSpecials(long seed, int length) {
    Random random = new Random(seed);
    float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
        Float.MAX_VALUE, 1e-40f};
    float[] values = new float[length];
    for (int i = 0; i < length; i++) {
      values[i] = i % 41 == 0 ? specials[(i / 41) % specials.length] : (float) (random.nextGaussian() * 10);
    }
    return values;
  }

  @Test
  void vectorResizeAndDivisionRowsGiveTheScalarBits() {
    RowKernel vector = vectorKernel();
    RowKernel scalar = new ScalarRowKernel();
    float[] widened = randomWithSpecials(21, 6000);
    float[] reversed = randomWithSpecials(22, 6000);
    float[] divisors = randomWithSpecials(23, 6000);
    for (int i = 0; i < divisors.length; i += 3) {
      divisors[i] = 1 + i % 4;
    }
    for (int width : new int[] {1, 15, 16, 17, 33, 479, 2049}) {
      int a = 7;
      int b = a + width + 3;
      float wa = 0.3125f;
      float wb = 0.6875f;
      float[] expected = new float[width + 2];
      float[] actual = new float[width + 2];
      scalar.resizedRow(widened, a, b, wa, wb, expected, width);
      vector.resizedRow(widened, a, b, wa, wb, actual, width);
      assertSameBits(expected, actual, new float[0], 0, "resizedRow, width " + width);
      scalar.meanOfResizedRows(widened, reversed, a, b, wa, wb, expected, width);
      vector.meanOfResizedRows(widened, reversed, a, b, wa, wb, actual, width);
      assertSameBits(expected, actual, new float[0], 0, "meanOfResizedRows, width " + width);
      float[] expectedSum = randomWithSpecials(width, width + 9);
      float[] actualSum = expectedSum.clone();
      scalar.addResizedRow(widened, a, b, wa, wb, expectedSum, 4, width);
      vector.addResizedRow(widened, a, b, wa, wb, actualSum, 4, width);
      assertSameBits(expectedSum, actualSum, new float[0], 0, "addResizedRow, width " + width);
      scalar.divideRow(widened, a, divisors, b, expected, width);
      vector.divideRow(widened, a, divisors, b, actual, width);
      assertSameBits(expected, actual, new float[0], 0, "divideRow, width " + width);
    }
  }

  @Test
  void vectorWidenRowGivesTheScalarBitsForUpAndDownSizes() {
    RowKernel vector = vectorKernel();
    RowKernel scalar = new ScalarRowKernel();
    float[] in = randomWithSpecials(31, 8000);
    for (int[] size : new int[][] {{7, 33}, {128, 512}, {512, 2048}, {33, 17}, {3584, 2048}, {5, 5}}) {
      for (boolean alignCorners : new boolean[] {false, true}) {
        BilinearTaps cols = BilinearTaps.of(size[0], size[1], alignCorners);
        float[] expected = new float[size[1] + 3];
        float[] actual = new float[size[1] + 3];
        scalar.widenRow(in, 11, cols.i0, cols.i1, cols.w0, cols.w1, expected, 2, size[1]);
        vector.widenRow(in, 11, cols.i0, cols.i1, cols.w0, cols.w1, actual, 2, size[1]);
        assertSameBits(expected, actual, new float[0], 0, "widenRow " + size[0] + "->" + size[1] + " align "
            + alignCorners);
      }
    }
  }

  @Test
  void scalarResizeRowsMixTheTwoSourceRows() {
    RowKernel scalar = new ScalarRowKernel();
    float[] widened = {1f, 2f, 10f, 20f};
    float[] reversed = {3f, 4f, 30f, 40f};
    float[] row = new float[2];
    scalar.resizedRow(widened, 0, 2, 0.75f, 0.25f, row, 2);
    assertEquals(3.25f, row[0]);
    assertEquals(6.5f, row[1]);
    scalar.meanOfResizedRows(widened, reversed, 0, 2, 0.75f, 0.25f, row, 2);
    assertEquals((3.25f + 9.75f) * 0.5f, row[0]);
    float[] sum = {100f, 100f, 100f};
    scalar.addResizedRow(widened, 0, 2, 0.5f, 0.5f, sum, 1, 2);
    assertEquals(100f, sum[0]);
    assertEquals(105.5f, sum[1]);
    assertEquals(111f, sum[2]);
    scalar.divideRow(new float[] {6f, 9f}, 0, new float[] {2f, 3f}, 0, row, 2);
    assertEquals(3f, row[0]);
    assertEquals(3f, row[1]);
  }

  @Test
  void scalarKernelAddsFastExpIntoTheRow() {
    float[] sum = {1f, 2f, 3f, 4f};
    new ScalarRowKernel().addExp(new float[] {9f, 0f, (float) Math.log(2), 9f}, 1, sum, 1, 2);
    assertEquals(1f, sum[0]);
    assertEquals(3f, sum[1]);
    assertEquals(5f, sum[2], 1e-6f);
    assertEquals(4f, sum[3]);
  }

  @Test
  void theVectorKernelRunsWhereverTheModuleIsPresent() {
    vectorKernel();
    assumeTrue(!"false".equals(System.getProperty("hrnet.vectorRows")),
        "-Dhrnet.vectorRows=false forces the scalar kernel");
    assertTrue(RowKernels.kernelName().startsWith("vector"), "chosen kernel: " + RowKernels.kernelName());
  }
}
