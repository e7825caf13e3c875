package org.hrnetbeam.model.ownstep;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PixelKernel} with the JDK's incubating Vector API: a run of channels at once. C2 does not
 * vectorise the scalar loops' float → double sums by itself (measured: the ReLU-backward-and-sums
 * pass ran at a third of the memory bandwidth the plain gradient sum reached).
 * Loaded only by {@link PixelKernels} when the JVM has {@code jdk.incubator.vector}.
 *
 * <p>Bit for bit {@link ScalarPixelKernel}: each lane does the scalar loop's operations in the same
 * order (separate multiply and add, never fused; each channel's sums over pixels in pixel order).
 * The sums keep each run of channels in registers across the block's pixels. Channel counts that
 * are not a multiple of the lane count go to the scalar kernel.
 */
final class VectorPixelKernel implements PixelKernel {
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  /** As many float lanes as {@link #DOUBLES} has, so one float vector widens into one double vector. */
  private static final VectorSpecies<Float> NARROW = VectorSpecies.of(float.class,
      VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
  private final ScalarPixelKernel scalar = new ScalarPixelKernel();

  @Override
  public void shiftedSums(float[] x, int len, int c, float[] shift, double[] acc) {
    int lanes = NARROW.length();
    if (c % lanes != 0) {
      scalar.shiftedSums(x, len, c, shift, acc);
      return;
    }
    for (int ch = 0; ch < c; ch += lanes) {
      FloatVector s = FloatVector.fromArray(NARROW, shift, ch);
      DoubleVector sum = DoubleVector.fromArray(DOUBLES, acc, ch);
      DoubleVector squares = DoubleVector.fromArray(DOUBLES, acc, c + ch);
      for (int i = ch; i < len; i += c) {
        DoubleVector d = (DoubleVector) FloatVector.fromArray(NARROW, x, i).sub(s)
            .convertShape(VectorOperators.F2D, DOUBLES, 0);
        sum = sum.add(d);
        squares = squares.add(d.mul(d));
      }
      sum.intoArray(acc, ch);
      squares.intoArray(acc, c + ch);
    }
  }

  @Override
  public void scaleAddRelu(float[] x, float[] residual, int len, int c, float[] scale, float[] offset,
      boolean relu) {
    int lanes = FLOATS.length();
    if (c % lanes != 0) {
      scalar.scaleAddRelu(x, residual, len, c, scale, offset, relu);
      return;
    }
    for (int ch = 0; ch < c; ch += lanes) {
      FloatVector a = FloatVector.fromArray(FLOATS, scale, ch);
      FloatVector b = FloatVector.fromArray(FLOATS, offset, ch);
      for (int i = ch; i < len; i += c) {
        FloatVector v = a.mul(FloatVector.fromArray(FLOATS, x, i)).add(b);
        if (residual != null) {
          v = v.add(FloatVector.fromArray(FLOATS, residual, i));
        }
        (relu ? v.max(0f) : v).intoArray(x, i);
      }
    }
  }

  @Override
  public void reluBackwardSums(float[] y, float[] g, float[] z, int len, int c, double[] mean, double[] acc) {
    int lanes = NARROW.length();
    if (c % lanes != 0) {
      scalar.reluBackwardSums(y, g, z, len, c, mean, acc);
      return;
    }
    if (y != null) {
      reluMask(y, g, len);
    }
    for (int ch = 0; ch < c; ch += lanes) {
      DoubleVector m = DoubleVector.fromArray(DOUBLES, mean, ch);
      DoubleVector sum = DoubleVector.fromArray(DOUBLES, acc, ch);
      DoubleVector centred = DoubleVector.fromArray(DOUBLES, acc, c + ch);
      for (int i = ch; i < len; i += c) {
        FloatVector gv = FloatVector.fromArray(NARROW, g, i);
        DoubleVector gd = (DoubleVector) gv.convertShape(VectorOperators.F2D, DOUBLES, 0);
        DoubleVector zd = (DoubleVector) FloatVector.fromArray(NARROW, z, i)
            .convertShape(VectorOperators.F2D, DOUBLES, 0);
        sum = sum.add(gd);
        centred = centred.add(gd.mul(zd.sub(m)));
      }
      sum.intoArray(acc, ch);
      centred.intoArray(acc, c + ch);
    }
  }

  /**
   * {@code g = y > 0 ? g : 0} over the whole block, in its own loop on the full-width species: done
   * inside the widening loop above, JDK 17 did not compile the masked store to vector code (a
   * profile showed its scalar fallback as half the Java passes' samples).
   */
  private static void reluMask(float[] y, float[] g, int len) {
    int i = 0;
    for (int bound = FLOATS.loopBound(len); i < bound; i += FLOATS.length()) {
      FloatVector gv = FloatVector.fromArray(FLOATS, g, i);
      VectorMask<Float> positive = FloatVector.fromArray(FLOATS, y, i).compare(VectorOperators.GT, 0f);
      gv.blend(0f, positive.not()).intoArray(g, i);
    }
    for (; i < len; i++) {
      g[i] = y[i] > 0f ? g[i] : 0f;
    }
  }

  @Override
  public void batchNormInputGradient(float[] g, float[] z, int len, int c, float[] mean, float[] k, float[] slope,
      float[] shift) {
    int lanes = FLOATS.length();
    if (c % lanes != 0) {
      scalar.batchNormInputGradient(g, z, len, c, mean, k, slope, shift);
      return;
    }
    for (int ch = 0; ch < c; ch += lanes) {
      FloatVector m = FloatVector.fromArray(FLOATS, mean, ch);
      FloatVector kv = FloatVector.fromArray(FLOATS, k, ch);
      FloatVector sv = FloatVector.fromArray(FLOATS, slope, ch);
      FloatVector tv = FloatVector.fromArray(FLOATS, shift, ch);
      for (int i = ch; i < len; i += c) {
        FloatVector centred = FloatVector.fromArray(FLOATS, z, i).sub(m);
        kv.mul(FloatVector.fromArray(FLOATS, g, i)).add(sv.mul(centred)).add(tv).intoArray(g, i);
      }
    }
  }

  @Override
  public String name() {
    return "vector " + FLOATS.vectorBitSize() + "-bit";
  }
}
