package org.hrnetbeam.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vector exp kernel must give the scalar kernel's floats bit for bit (raw bits, NaN included):
 * otherwise a metric would depend on whether the JVM was started with the Vector API module. (Once,
 * off the test suite, all 2^32 float inputs were compared: none differ; docs/PERFORMANCE.md.)
 */
class ExpRowKernelTest {

  private static ExpRowKernel vectorKernel() {
    ExpRowKernel vector = ExpRows.vectorKernelOrNull();
    assumeTrue(vector != null, "the JVM runs without --add-modules " + ExpRows.MODULE
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
    ExpRowKernel vector = vectorKernel();
    float[] inputs = edgeInputs();
    float[] scalarSum = new float[inputs.length];
    float[] vectorSum = new float[inputs.length];
    new ScalarExpRows().addExp(inputs, 0, scalarSum, 0, inputs.length);
    vector.addExp(inputs, 0, vectorSum, 0, inputs.length);
    assertSameBits(scalarSum, vectorSum, inputs, 0, "edge values");
  }

  @Test
  void vectorKernelGivesTheScalarBitsOnOddWidthsAndOffsets() {
    ExpRowKernel vector = vectorKernel();
    Random random = new Random(11);
    float[] values = new float[5000];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * (i % 3 == 0 ? 40 : 4));
    }
    for (int width : new int[] {1, 7, 15, 16, 17, 31, 33, 63, 65, 479, 2049}) {
      for (int from : new int[] {0, 3, 17}) {
        int dst = 5;
        float[] scalarSum = new float[width + 2 * dst];
        for (int i = 0; i < scalarSum.length; i++) {
          scalarSum[i] = random.nextFloat() * 100;
        }
        float[] vectorSum = scalarSum.clone();
        new ScalarExpRows().addExp(values, from, scalarSum, dst, width);
        vector.addExp(values, from, vectorSum, dst, width);
        assertSameBits(scalarSum, vectorSum, new float[0], 0, "width " + width + " from " + from);
        assertEquals(scalarSum[dst - 1], vectorSum[dst - 1], "nothing written before dst");
        assertEquals(scalarSum[dst + width], vectorSum[dst + width], "nothing written after the row");
      }
    }
  }

  @Test
  void scalarKernelAddsFastExpIntoTheRow() {
    float[] sum = {1f, 2f, 3f, 4f};
    new ScalarExpRows().addExp(new float[] {9f, 0f, (float) Math.log(2), 9f}, 1, sum, 1, 2);
    assertEquals(1f, sum[0]);
    assertEquals(3f, sum[1]);
    assertEquals(5f, sum[2], 1e-6f);
    assertEquals(4f, sum[3]);
  }

  @Test
  void theVectorKernelRunsWhereverTheModuleIsPresent() {
    vectorKernel();
    assertTrue(ExpRows.kernelName().startsWith("vector"), "chosen kernel: " + ExpRows.kernelName());
  }
}
