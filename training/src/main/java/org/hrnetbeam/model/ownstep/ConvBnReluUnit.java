package org.hrnetbeam.model.ownstep;

import java.nio.FloatBuffer;
import org.hrnetbeam.model.dnnl.ConvGeometry;
import org.hrnetbeam.model.dnnl.DirectConv;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * HRNet's repeating unit on channels-last arrays: a 3×3 or 1×1 convolution without bias (padding
 * k / 2), batch norm in training mode (batch statistics, eps 1e-5, PyTorch's momentum for the
 * running statistics with the unbiased batch variance), an optional residual added, then ReLU
 * (optional too: HRNet's downsample path has none). Forward and backward
 * (input gradient, weight, γ and β gradients) and a plain SGD update.
 *
 * <p>Every array the unit writes is allocated in the constructor and reused by every step: the
 * conv output z, the activation y, the ReLU-masked gradient g (kept: a residual's gradient is g), the
 * conv output gradient dz, the weight gradient and (only when the weights are kept in DL4J's layout)
 * the oneDNN-layout weight copies.
 *
 * <p>Weights: either kept in the forward convolution primitive's own (possibly blocked, padded)
 * layout between steps, with the weight gradient written in that same layout, so that SGD is an
 * element-wise pass and the forward reads them as they are (oneDNN's backward-data and
 * backward-weights primitives pick other layouts, so those two calls still reorder); or, as in the
 * first slice, in DL4J's [oC, iC, kH, kW] layout, reordered by {@code DirectConv} on every forward
 * and backward-data call and the gradient reordered back. {@link #plainWeights()} and friends convert for tests and for copying to DL4J.
 *
 * <p>Not thread-safe: one step at a time.
 */
final class ConvBnReluUnit {
  static final double BN_EPS = 1e-5;

  /** The convolution's name: its state_dict module name in a whole network, else a local label. */
  final String name;
  /** The batch norm's name: its state_dict module name in a whole network, else {@code name + "_bn"}. */
  final String bnName;
  private final DirectConv conv;
  /** The convolution calls' scratch: the unit's own, or the network's (then counted there). */
  private final ReusedScratch scratch;
  private final boolean ownScratch;
  private final double momentum;

  private final boolean primitiveLayout;
  private final boolean relu;
  /** The stepped weights: the primitive's layout (flat) or DL4J's [oC, iC, 3, 3], dense c order. */
  private final INDArray weights;
  /**
   * The weight gradient, in the same layout as {@link #weights}; allocated on first use, so a unit
   * whose gradient goes straight to a bound slot ({@link #bindWeightGradient}) never holds one.
   */
  private INDArray weightGradient;
  /** Where {@link #backward} writes dW instead, [oC, iC, kH, kW] (any strides); null: {@link #weightGradient}. */
  private INDArray boundGradient;
  final float[] gamma;
  final float[] beta;
  final float[] gammaGradient;
  final float[] betaGradient;
  final float[] runningMean;
  final float[] runningVariance;

  private final NhwcArray z;
  final NhwcArray y;
  /** The ReLU-masked gradient; with shared gradients and not kept, the same array as dz. */
  private final NhwcArray g;
  /** The conv output's gradient: the unit's own, or shared with every unit of its shape. */
  private final NhwcArray dz;
  /** Bytes of g and dz that are this unit's own (shared ones are counted by their {@link SharedGradients}). */
  private final long ownGradientBytes;

  private final double[] mean;
  private final double[] variance;
  private final float[] meanF;
  private final float[] scale;
  private final float[] offset;
  private final float[] k;
  private final float[] slope;
  private final float[] shift;
  private final double[][] acc;
  private final double[] sums;

  /**
   * @param input    the shape of the unit's input (only its sizes are read)
   * @param momentum PyTorch's BN momentum (HRNet: 0.1): running = (1 − m)·running + m·batch
   */
  ConvBnReluUnit(String name, NhwcArray input, int outChannels, int stride, double momentum,
      boolean primitiveLayout) {
    this(name, input, outChannels, 3, stride, momentum, primitiveLayout, true);
  }

  /**
   * @param kernel square kernel size, odd (HRNet: 1 or 3); padding kernel / 2
   * @param relu   false: batch norm's output (plus any residual) is the unit's output, no ReLU
   *               (HRNet's downsample branch)
   */
  ConvBnReluUnit(String name, NhwcArray input, int outChannels, int kernel, int stride, double momentum,
      boolean primitiveLayout, boolean relu) {
    this(name, name + "_bn", input, outChannels, kernel, stride, momentum, primitiveLayout, relu, null, true);
  }

  /**
   * @param name   the convolution's name (in a whole network: its state_dict module, e.g. {@code layer1.0.conv1})
   * @param bnName the batch norm's name (e.g. {@code layer1.0.bn1})
   * @param shared where dz (and g, unless kept) comes from; null: the unit's own arrays
   * @param keepPreActivationGradient whether {@link #preActivationGradient()} is read after
   *               {@link #backward} (a residual block's last unit: then g lives in an array shared
   *               only with other such units, valid until the next of them runs its backward); else
   *               g is dz's array, overwritten by dz in place
   */
  ConvBnReluUnit(String name, String bnName, NhwcArray input, int outChannels, int kernel, int stride,
      double momentum, boolean primitiveLayout, boolean relu, SharedGradients shared,
      boolean keepPreActivationGradient) {
    if (kernel < 1 || kernel % 2 == 0) {
      throw new IllegalArgumentException("unit " + name + ": kernel size must be odd, got " + kernel);
    }
    this.name = name;
    this.bnName = bnName;
    this.momentum = momentum;
    this.primitiveLayout = primitiveLayout;
    this.relu = relu;
    int pad = kernel / 2;
    int outH = (input.height + 2 * pad - kernel) / stride + 1;
    int outW = (input.width + 2 * pad - kernel) / stride + 1;
    ConvGeometry geometry = new ConvGeometry(input.batch, input.channels, input.height, input.width, outChannels,
        outH, outW, kernel, kernel, stride, stride, pad, pad, false);
    conv = new DirectConv(geometry);
    // Zero-filled: a blocked layout's padding must start (and so stay) zero.
    long[] shape = primitiveLayout ? new long[]{conv.primitiveWeightFloats()} : geometry.weightShape();
    weights = Nd4j.create(DataType.FLOAT, shape, 'c');
    int c = outChannels;
    gamma = new float[c];
    java.util.Arrays.fill(gamma, 1f);
    beta = new float[c];
    gammaGradient = new float[c];
    betaGradient = new float[c];
    runningMean = new float[c];
    runningVariance = new float[c];
    java.util.Arrays.fill(runningVariance, 1f);
    z = new NhwcArray(input.batch, c, outH, outW);
    y = new NhwcArray(input.batch, c, outH, outW);
    scratch = shared == null ? new ReusedScratch() : shared.convolutionScratch();
    ownScratch = shared == null;
    if (shared == null) {
      g = new NhwcArray(input.batch, c, outH, outW);
      dz = new NhwcArray(input.batch, c, outH, outW);
      ownGradientBytes = g.bytes() + dz.bytes();
    } else {
      dz = shared.shaped(input.batch, c, outH, outW);
      // A kept g is read right after this unit's backward (by its residual block), before any other
      // unit that keeps g runs its backward: those units share one array per shape too.
      g = keepPreActivationGradient ? shared.shaped("unit.kept", input.batch, c, outH, outW) : dz;
      ownGradientBytes = 0;
    }
    mean = new double[c];
    variance = new double[c];
    meanF = new float[c];
    scale = new float[c];
    offset = new float[c];
    k = new float[c];
    slope = new float[c];
    shift = new float[c];
    acc = new double[ChannelsLastPasses.CHUNKS][2 * c];
    sums = new double[2 * c];
  }

  /**
   * Bytes this unit holds outside the Java heap: z and y, g and dz when they are its own (not
   * shared), the weights and their gradient, and the oneDNN-layout copies its own scratch keeps
   * (allocated on the first step, so 0 before it). oneDNN's own primitive scratchpads are not counted.
   */
  long nativeBytes() {
    return z.bytes() + y.bytes() + ownGradientBytes + weightBytes();
  }

  /** Bytes of z and y: the activations the backward reads again. */
  long activationBytes() {
    return z.bytes() + y.bytes();
  }

  /** Bytes of this unit's own g and dz (gradients of one step's backward; shared ones not counted). */
  long gradientBytes() {
    return ownGradientBytes;
  }

  /**
   * Bytes of the weights, their gradient (none when it goes to a bound slot) and (when the scratch
   * is the unit's own) its oneDNN-layout copies.
   */
  long weightBytes() {
    // An unbound unit's gradient is counted before its first backward allocates it.
    long gradientFloats = boundGradient == null ? weights.length() : 0;
    return (weights.length() + gradientFloats) * Float.BYTES + (ownScratch ? scratch.bytes() : 0);
  }

  /** An array of this unit's output shape, for a gradient arriving at its output. */
  NhwcArray newOutputShaped() {
    return new NhwcArray(y.batch, y.channels, y.height, y.width);
  }

  /** {@code y = relu(bn(conv(x)) + residual)}; {@code residual} null for none. Updates the running statistics. */
  void forward(NhwcArray x, NhwcArray residual) {
    if (primitiveLayout) {
      conv.forwardPrimitiveWeights(x.nchwView, weights, z.nchwView, scratch.reset());
    } else {
      conv.forward(x.nchwView, weights, null, z.nchwView, scratch.reset());
    }
    ChannelsLastPasses.statistics(z, mean, variance, acc);
    double count = z.pixels();
    for (int ch = 0; ch < mean.length; ch++) {
      double invStd = 1.0 / Math.sqrt(variance[ch] + BN_EPS);
      scale[ch] = (float) (gamma[ch] * invStd);
      offset[ch] = (float) (beta[ch] - mean[ch] * gamma[ch] * invStd);
      meanF[ch] = (float) mean[ch];
      runningMean[ch] = (float) ((1 - momentum) * runningMean[ch] + momentum * mean[ch]);
      double unbiased = count > 1 ? variance[ch] * count / (count - 1) : variance[ch];
      runningVariance[ch] = (float) ((1 - momentum) * runningVariance[ch] + momentum * unbiased);
    }
    ChannelsLastPasses.scaleAddRelu(z, scale, offset, residual, y, relu);
  }

  /**
   * From {@code dy} (gradient of y) to the weight, γ and β gradients and, when {@code dx} is not
   * null, the gradient of the input {@code x} written into {@code dx}. Needs the forward of the same
   * {@code x} just before. Afterwards {@link #preActivationGradient()} is the gradient of the sum
   * before the ReLU, i.e. of the residual.
   */
  void backward(NhwcArray x, NhwcArray dy, NhwcArray dx) {
    ChannelsLastPasses.reluBackwardAndSums(relu ? y : null, dy, z, mean, g, acc);
    ChannelsLastPasses.columnSums(acc, sums);
    int c = mean.length;
    double count = z.pixels();
    for (int ch = 0; ch < c; ch++) {
      double invStd = 1.0 / Math.sqrt(variance[ch] + BN_EPS);
      double sumG = sums[ch];
      double sumGCentred = sums[c + ch];
      gammaGradient[ch] = (float) (sumGCentred * invStd);
      betaGradient[ch] = (float) sumG;
      k[ch] = (float) (gamma[ch] * invStd);
      shift[ch] = (float) (-gamma[ch] * invStd * sumG / count);
      slope[ch] = (float) (-gamma[ch] * invStd * invStd * invStd * sumGCentred / count);
    }
    ChannelsLastPasses.batchNormInputGradient(g, z, meanF, k, slope, shift, dz);
    if (boundGradient != null) {
      // One reorder from the backward primitive's layout straight into the slot.
      conv.backwardWeights(x.nchwView, dz.nchwView, boundGradient, null, scratch.reset());
    } else if (primitiveLayout) {
      conv.backwardWeightsPrimitiveLayout(x.nchwView, dz.nchwView, ownWeightGradient(), scratch.reset());
    } else {
      conv.backwardWeights(x.nchwView, dz.nchwView, ownWeightGradient(), null, scratch.reset());
    }
    if (dx != null && primitiveLayout) {
      conv.backwardDataPrimitiveWeights(weights, dz.nchwView, dx.nchwView, scratch.reset());
    } else if (dx != null) {
      conv.backwardData(weights, dz.nchwView, dx.nchwView, scratch.reset());
    }
  }

  /** The gradient of the ReLU's input from the last {@link #backward}: a residual's gradient. */
  NhwcArray preActivationGradient() {
    return g;
  }

  /** The convolution's [oC, iC, kH, kW]. */
  long[] weightShape() {
    return conv.geometry().weightShape();
  }

  /** The convolution's fan-in: iC·kH·kW. */
  long fanIn() {
    long[] s = weightShape();
    return s[1] * s[2] * s[3];
  }

  /** oneDNN's weight layouts of the backward primitives against the forward's (see DirectConv). */
  String weightLayouts() {
    return conv.weightLayouts();
  }

  /** Weights drawn as PyTorch's Kaiming normal (fan-in, gain √2) from {@code random}; γ = 1, β = 0. */
  void initialise(java.util.Random random) {
    double std = Math.sqrt(2.0 / fanIn());
    long[] shape = weightShape();
    float[] w = new float[(int) (shape[0] * fanIn())];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (random.nextGaussian() * std);
    }
    setPlainWeights(Nd4j.createFromArray(w).reshape(shape));
    java.util.Arrays.fill(gamma, 1f);
    java.util.Arrays.fill(beta, 0f);
  }

  /** A new [oC, iC, kH, kW] copy of the weights. */
  INDArray plainWeights() {
    return toPlain(weights);
  }

  /** A new [oC, iC, kH, kW] copy of the weight gradient of the last {@link #backward}. */
  INDArray plainWeightGradient() {
    return boundGradient != null ? boundGradient.dup('c') : toPlain(ownWeightGradient());
  }

  /**
   * From now on {@link #backward} writes the weight gradient straight into {@code slot}, an
   * [oC, iC, kH, kW] float32 array of any strides (a view of a model's flat gradient vector): no
   * gradient array of the unit's own, no copy afterwards. {@link #sgd} then has no gradient to
   * apply; the slot's owner steps the weights.
   */
  void bindWeightGradient(INDArray slot) {
    if (slot.dataType() != DataType.FLOAT || !java.util.Arrays.equals(slot.shape(), weightShape())) {
      throw new IllegalArgumentException("unit " + name + ": weight gradient slot must be float32 "
          + java.util.Arrays.toString(weightShape()) + ", got " + slot.dataType() + " "
          + java.util.Arrays.toString(slot.shape()));
    }
    boundGradient = slot;
    weightGradient = null;
  }

  /** Whether {@link #backward} writes the weight gradient into a bound slot. */
  boolean weightGradientBound() {
    return boundGradient != null;
  }

  /** Sets the weights from an [oC, iC, kH, kW] array (any float type and strides). */
  void setPlainWeights(INDArray plain) {
    INDArray values = plain.castTo(DataType.FLOAT);
    if (primitiveLayout) {
      conv.weightsToPrimitiveLayout(values, weights);
    } else {
      weights.assign(values);
    }
  }

  /** Writes the weight gradient of the last {@link #backward} into {@code plain}, [oC, iC, kH, kW] (any strides). */
  void plainWeightGradientInto(INDArray plain) {
    if (boundGradient != null) {
      if (plain != boundGradient) {
        plain.assign(boundGradient);
      }
    } else if (primitiveLayout) {
      conv.weightsFromPrimitiveLayout(ownWeightGradient(), plain);
    } else {
      plain.assign(ownWeightGradient());
    }
  }

  private INDArray ownWeightGradient() {
    if (weightGradient == null) {
      // Zero-filled: a blocked layout's padding must start (and so stay) zero.
      weightGradient = Nd4j.create(DataType.FLOAT, weights.shape(), 'c');
    }
    return weightGradient;
  }

  private INDArray toPlain(INDArray stepped) {
    if (!primitiveLayout) {
      return stepped.dup('c');
    }
    INDArray plain = Nd4j.create(DataType.FLOAT, conv.geometry().weightShape(), 'c');
    conv.weightsFromPrimitiveLayout(stepped, plain);
    return plain;
  }

  /** Plain SGD: every parameter −= lr·its gradient (element-wise, so the same in either weight layout). */
  void sgd(float lr) {
    if (boundGradient != null) {
      throw new IllegalStateException("unit " + name + ": its weight gradient goes to a bound slot; step the slot's owner");
    }
    FloatBuffer w = weights.data().asNioFloat();
    FloatBuffer dw = ownWeightGradient().data().asNioFloat();
    ChannelsLastPasses.sgd(w, dw, (int) weights.length(), lr);
    for (int ch = 0; ch < gamma.length; ch++) {
      gamma[ch] -= lr * gammaGradient[ch];
      beta[ch] -= lr * betaGradient[ch];
    }
  }
}
