package org.hrnetbeam.inference;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernel} with the JDK's incubating Vector API: a whole vector of values at once (16 floats
 * with AVX-512). C2 does not do this by itself in JDK 17: it does not vectorise {@link FastExp}'s
 * float → int conversion and bit casts, nor (measured) the plain two-row loops of the resize.
 * Loaded only by {@link RowKernels} when the JVM runs with {@code --add-modules jdk.incubator.vector};
 * nothing else may touch this class, or a JVM without the module fails with NoClassDefFoundError.
 *
 * <p>Bit for bit {@link ScalarRowKernel}: the same float operations in the same order (separate
 * multiply and add, never a fused multiply-add; n rounded as the scalar {@code (int)} cast; n/2
 * rounded toward zero as Java's int division), a row with any special case (NaN, at or above the
 * overflow bound, below the underflow bound) done by the scalar code, and so the tail of a row
 * shorter than a vector.
 *
 * <p>The exp is written out inside its loop, with no helper calls, on purpose: C2 inlines a method
 * only below 325 bytes of bytecode (FreqInlineSize) and a graph size limit, and a vector passed to
 * or returned from a call that is not inlined is boxed on the heap, which made an earlier version
 * with an {@code exp} helper slower than the scalar loop.
 */
final class VectorRowKernel implements RowKernel {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
  // 1.5·2^23: float spacing 1 around it, so adding and removing it rounds to a whole number
  private static final float MAGIC = 12582912f;
  private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);

  VectorRowKernel() {
    if (FLOATS.length() != INTS.length()) {
      throw new IllegalStateException("float and int vectors differ in lanes: " + FLOATS + ", " + INTS);
    }
  }

  @Override
  public void widenRow(float[] in, int src, int[] i0, int[] i1, float[] w0, float[] w1, float[] out, int dst,
      int width) {
    int x = 0;
    for (int bound = FLOATS.loopBound(width); x < bound; x += FLOATS.length()) {
      // gathers: lane k reads in[src + i0[x + k]]
      FloatVector.fromArray(FLOATS, w0, x).mul(FloatVector.fromArray(FLOATS, in, src, i0, x))
          .add(FloatVector.fromArray(FLOATS, w1, x).mul(FloatVector.fromArray(FLOATS, in, src, i1, x)))
          .intoArray(out, dst + x);
    }
    for (; x < width; x++) {
      out[dst + x] = w0[x] * in[src + i0[x]] + w1[x] * in[src + i1[x]];
    }
  }

  @Override
  public void resizedRow(float[] widened, int a, int b, float wa, float wb, float[] row, int width) {
    int x = 0;
    for (int bound = FLOATS.loopBound(width); x < bound; x += FLOATS.length()) {
      FloatVector.fromArray(FLOATS, widened, a + x).mul(wa)
          .add(FloatVector.fromArray(FLOATS, widened, b + x).mul(wb)).intoArray(row, x);
    }
    for (; x < width; x++) {
      row[x] = wa * widened[a + x] + wb * widened[b + x];
    }
  }

  @Override
  public void meanOfResizedRows(float[] widened, float[] reversed, int a, int b, float wa, float wb, float[] row,
      int width) {
    int x = 0;
    for (int bound = FLOATS.loopBound(width); x < bound; x += FLOATS.length()) {
      FloatVector plain = FloatVector.fromArray(FLOATS, widened, a + x).mul(wa)
          .add(FloatVector.fromArray(FLOATS, widened, b + x).mul(wb));
      FloatVector back = FloatVector.fromArray(FLOATS, reversed, a + x).mul(wa)
          .add(FloatVector.fromArray(FLOATS, reversed, b + x).mul(wb));
      plain.add(back).mul(0.5f).intoArray(row, x);
    }
    for (; x < width; x++) {
      float plain = wa * widened[a + x] + wb * widened[b + x];
      float back = wa * reversed[a + x] + wb * reversed[b + x];
      row[x] = (plain + back) * 0.5f;
    }
  }

  @Override
  public void addResizedRow(float[] widened, int a, int b, float wa, float wb, float[] out, int dst, int width) {
    int x = 0;
    for (int bound = FLOATS.loopBound(width); x < bound; x += FLOATS.length()) {
      FloatVector resized = FloatVector.fromArray(FLOATS, widened, a + x).mul(wa)
          .add(FloatVector.fromArray(FLOATS, widened, b + x).mul(wb));
      FloatVector.fromArray(FLOATS, out, dst + x).add(resized).intoArray(out, dst + x);
    }
    for (; x < width; x++) {
      out[dst + x] += wa * widened[a + x] + wb * widened[b + x];
    }
  }

  @Override
  public void divideRow(float[] values, int from, float[] divisors, int at, float[] row, int width) {
    int x = 0;
    for (int bound = FLOATS.loopBound(width); x < bound; x += FLOATS.length()) {
      FloatVector.fromArray(FLOATS, values, from + x).div(FloatVector.fromArray(FLOATS, divisors, at + x))
          .intoArray(row, x);
    }
    for (; x < width; x++) {
      row[x] = values[from + x] / divisors[at + x];
    }
  }

  @Override
  public void addExp(float[] values, int from, float[] out, int dst, int width) {
    if (hasSpecialCase(values, from, width)) {
      // NaN, overflow or underflow somewhere in the row (rare for logits): the scalar loop, which
      // handles them. Blending them in inside the vector loop made C2 merge two vectors at the
      // branch, lose their exact type and compile the loop's store as the Vector API's slow Java
      // fallback (-XX:+PrintInlining in the evaluation stage: "VectorSupport::store failed to
      // inline (intrinsic)"), once rows with special values had been seen.
      for (int x = 0; x < width; x++) {
        out[dst + x] += FastExp.exp(values[from + x]);
      }
      return;
    }
    int i = 0;
    for (int bound = FLOATS.loopBound(width); i < bound; i += FLOATS.length()) {
      FloatVector x = FloatVector.fromArray(FLOATS, values, from + i);
      FloatVector t = x.mul(FastExp.LOG2_E);
      // s = t + copySign(0.5, t) (−0 takes +0.5 here; n is 0 either way), then n = s rounded toward
      // zero as the (int) cast. JDK 17's C2 does not compile the Vector API's float → int conversion
      // (it falls back to slow Java), so the rounding stays in floats: + and − 1.5·2^23 rounds to
      // the nearest whole number, then one step back toward zero where that went away from zero.
      // Exact for |s| < 2^22, which every value of a row without special cases gives.
      FloatVector s = t.add(FloatVector.broadcast(FLOATS, 0.5f).blend(-0.5f, t.compare(VectorOperators.LT, 0f)));
      FloatVector nearest = s.add(MAGIC).sub(MAGIC);
      VectorMask<Float> sNegative = s.compare(VectorOperators.LT, 0f);
      VectorMask<Float> tooHigh = nearest.compare(VectorOperators.GT, s).andNot(sNegative);
      VectorMask<Float> tooLow = nearest.compare(VectorOperators.LT, s).and(sNegative);
      FloatVector nf = nearest.blend(nearest.sub(1f), tooHigh).blend(nearest.add(1f), tooLow);
      // nf is whole and small, so nf + 1.5·2^23 is exact and its bits are 1.5·2^23's plus nf
      IntVector n = nf.add(MAGIC).reinterpretAsInts().sub(MAGIC_BITS);
      FloatVector r = x.sub(nf.mul(FastExp.LN2_HIGH)).sub(nf.mul(FastExp.LN2_LOW));
      FloatVector p = FloatVector.broadcast(FLOATS, 1f / 5040);
      p = p.mul(r).add(1f / 720);
      p = p.mul(r).add(1f / 120);
      p = p.mul(r).add(1f / 24);
      p = p.mul(r).add(1f / 6);
      p = p.mul(r).add(0.5f);
      p = p.mul(r).add(1f);
      p = p.mul(r).add(1f);
      // n / 2 rounded toward zero (a negative n gets 1 added before the arithmetic shift); 2^k is
      // the float with bits (k + 127) << 23
      IntVector halfN = n.add(n.lanewise(VectorOperators.LSHR, 31)).lanewise(VectorOperators.ASHR, 1);
      FloatVector powerA = halfN.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
      FloatVector powerB = n.sub(halfN).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
      FloatVector e = p.mul(powerA).mul(powerB);
      FloatVector.fromArray(FLOATS, out, dst + i).add(e).intoArray(out, dst + i);
    }
    for (; i < width; i++) {
      out[dst + i] += FastExp.exp(values[from + i]);
    }
  }

  /**
   * Whether any of the row's values is outside FastExp's ordinary range: below the underflow bound,
   * at or above the overflow bound, or NaN. A method of its own that returns a boolean, so no
   * vector crosses the call.
   */
  private static boolean hasSpecialCase(float[] values, int from, int width) {
    int i = 0;
    for (int bound = FLOATS.loopBound(width); i < bound; i += FLOATS.length()) {
      FloatVector x = FloatVector.fromArray(FLOATS, values, from + i);
      // !(x >= UNDERFLOW && x < OVERFLOW), which is also true for NaN
      if (x.compare(VectorOperators.GE, FastExp.UNDERFLOW).and(x.compare(VectorOperators.LT, FastExp.OVERFLOW))
          .not().anyTrue()) {
        return true;
      }
    }
    for (; i < width; i++) {
      float x = values[from + i];
      if (!(x >= FastExp.UNDERFLOW && x < FastExp.OVERFLOW)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String name() {
    return "vector " + FLOATS.vectorBitSize() + "-bit";
  }
}
