package org.hrnetbeam.model.ownstep;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hrnetbeam.model.HrnetSpec;
import org.hrnetbeam.model.StageSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * HRNetV2's segmentation head as a train step of our own, wired as {@code HrnetGraphBuilder.addHead}:
 * branches 1..B−1 upsampled bilinearly to branch 0's size (the model's ALIGN_CORNERS), all branches
 * concatenated along channels (branch order), {@code last_layer.0}
 * 1×1 conv with bias, {@code last_layer.1} batch norm in training mode + ReLU, {@code last_layer.3}
 * conv with bias (FINAL_CONV_KERNEL, padding k / 2) giving the logits [N, h, w, classes] channels
 * last. Backward from the logits' gradient to every head parameter's gradient and each branch's
 * input gradient.
 *
 * <p>The concatenation is one wide array: branch 0 is copied into its channel slice
 * ({@link ChannelSlices}), every other branch is upsampled straight into its slice
 * ({@link ChannelsLastResize} into a channel slice); the backward reads each branch's gradient from its slice the same way. Because the bias of {@code last_layer.0} sits right before a training-mode
 * BN, it changes neither the output nor (beyond rounding) anything upstream, and its gradient Σ dz is
 * zero up to rounding; it does enter BN's running mean, as in PyTorch.
 *
 * <p>Parameters are read and written by their PyTorch state_dict names ({@link #stateDict()},
 * {@link #loadStateDict}, {@link #gradients()}): modules {@code last_layer.0}, {@code last_layer.1},
 * {@code last_layer.3}, the layer names {@code HrnetGraphBuilder} gives the same layers in DL4J.
 *
 * <p>Arrays are allocated once, and the backward reuses the forward's where their values are no
 * longer read: one wide array takes the BN output's gradient and then, in place, BN's input
 * gradient; the concatenation's gradient goes into {@code last_layer.0}'s output array (read by
 * BN's backward just before, and by nothing after). So the head holds four arrays of the
 * concatenation's size (a separate gradient for each of the two activations in between and for the
 * concatenation would make six) and no upsampled copies.
 * Not thread-safe.
 */
public final class ChannelsLastHead {
  /** The head's modules in forward order, as state_dict names them. */
  public static final List<String> MODULES = List.of("last_layer.0", "last_layer.1", "last_layer.3");

  private final int branches;
  private final int[] channels;
  private final int[] heights;
  private final int[] widths;
  private final int[] offsets;
  /** Per branch b ≥ 1: its upsample into (and gradient out of) its slice of the concatenation. */
  private final ChannelsLastResize[] upsamples;
  private final NhwcArray concat;
  private final BiasedConv conv0;
  private final BatchNormRelu bn;
  private final BiasedConv conv3;
  /** The BN output's gradient, then (in place) BN's input gradient. */
  private final NhwcArray wideGradient;
  private final NhwcArray[] branchGradients;

  /**
   * @param channels        each branch's width, highest resolution first
   * @param heights         each branch's height in pixels
   * @param widths          each branch's width in pixels
   * @param numClasses      output channels of {@code last_layer.3}
   * @param finalKernel     FINAL_CONV_KERNEL (odd; HRNet: 1)
   * @param momentum        PyTorch's BN momentum (HRNet: 0.1)
   */
  public ChannelsLastHead(int batch, int[] channels, int[] heights, int[] widths, int numClasses, int finalKernel,
      boolean alignCorners, double momentum) {
    branches = channels.length;
    if (branches < 1 || heights.length != branches || widths.length != branches) {
      throw new IllegalArgumentException("head needs at least one branch and one height and width per branch, got"
          + " channels " + Arrays.toString(channels) + ", heights " + Arrays.toString(heights) + ", widths "
          + Arrays.toString(widths));
    }
    this.channels = channels.clone();
    this.heights = heights.clone();
    this.widths = widths.clone();
    offsets = new int[branches];
    int total = 0;
    for (int b = 0; b < branches; b++) {
      if (batch < 1 || channels[b] < 1 || heights[b] < 1 || widths[b] < 1) {
        throw new IllegalArgumentException("head needs positive sizes, got batch " + batch + ", branch " + b + " "
            + channels[b] + "x" + heights[b] + "x" + widths[b]);
      }
      offsets[b] = total;
      total += channels[b];
    }
    upsamples = new ChannelsLastResize[branches];
    branchGradients = new NhwcArray[branches];
    for (int b = 0; b < branches; b++) {
      NhwcArray shape = new NhwcArray(batch, channels[b], heights[b], widths[b]);
      branchGradients[b] = shape;
      if (b > 0) {
        upsamples[b] = new ChannelsLastResize(shape, heights[0], widths[0], alignCorners);
      }
    }
    concat = new NhwcArray(batch, total, heights[0], widths[0]);
    conv0 = new BiasedConv(MODULES.get(0), concat, total, 1);
    bn = new BatchNormRelu(MODULES.get(1), conv0.y, momentum);
    conv3 = new BiasedConv(MODULES.get(2), bn.y, numClasses, finalKernel);
    wideGradient = new NhwcArray(batch, total, heights[0], widths[0]);
  }

  /**
   * The head of {@code spec} for a batch of {@code imageHeight}×{@code imageWidth} images: branch 0
   * after the stem's two 3×3 stride-2 convolutions, each further branch one more; widths of stage 4.
   */
  public static ChannelsLastHead of(HrnetSpec spec, int batch, int imageHeight, int imageWidth) {
    StageSpec last = spec.stages().get(3);
    int n = last.numBranches();
    int[] channels = new int[n];
    int[] heights = new int[n];
    int[] widths = new int[n];
    int h = halve(halve(imageHeight));
    int w = halve(halve(imageWidth));
    for (int b = 0; b < n; b++) {
      channels[b] = last.outputChannels(b);
      heights[b] = h;
      widths[b] = w;
      h = halve(h);
      w = halve(w);
    }
    return new ChannelsLastHead(batch, channels, heights, widths, spec.numClasses(), spec.finalConvKernel(),
        spec.alignCorners(), spec.bnMomentum());
  }

  /** Output size of a 3×3 stride-2 convolution with padding 1. */
  static int halve(int size) {
    return (size + 2 - 3) / 2 + 1;
  }

  /** A new array shaped as branch {@code b}'s input. */
  public NhwcArray newBranchShaped(int b) {
    return new NhwcArray(branchGradients[b].batch, channels[b], heights[b], widths[b]);
  }

  /** A new array shaped as the logits, e.g. for their gradient. */
  public NhwcArray newLogitsShaped() {
    NhwcArray y = conv3.y;
    return new NhwcArray(y.batch, y.channels, y.height, y.width);
  }

  /** Weights and biases drawn from {@code seed} (see {@link BiasedConv#initialise}); γ = 1, β = 0. */
  public void initialise(long seed) {
    java.util.Random random = new java.util.Random(seed);
    conv0.initialise(random);
    conv3.initialise(random);
    Arrays.fill(bn.gamma, 1f);
    Arrays.fill(bn.beta, 0f);
  }

  /** Computes the logits from the last stage's branch outputs; updates BN's running statistics. */
  public void forward(NhwcArray... branchOutputs) {
    if (branchOutputs.length != branches) {
      throw new IllegalArgumentException("head forward needs " + branches + " branch outputs, got "
          + branchOutputs.length);
    }
    for (int b = 0; b < branches; b++) {
      NhwcArray x = branchOutputs[b];
      if (x.batch != concat.batch || x.channels != channels[b] || x.height != heights[b] || x.width != widths[b]) {
        throw new IllegalArgumentException("head branch " + b + " must be " + concat.batch + "x" + channels[b] + "x"
            + heights[b] + "x" + widths[b] + " (NCHW sizes), got " + x.batch + "x" + x.channels + "x" + x.height
            + "x" + x.width);
      }
      if (b == 0) {
        ChannelSlices.copyIn(x, concat, 0);
      } else {
        upsamples[b].forward(x, concat, offsets[b]);
      }
    }
    conv0.forward(concat);
    bn.forward(conv0.y);
    conv3.forward(bn.y);
  }

  /** The logits of the last {@link #forward}: [N, h, w, classes] channels last (live, overwritten by the next). */
  public NhwcArray logits() {
    return conv3.y;
  }

  /**
   * Back from the logits' gradient (after the forward of the same batch): fills every parameter's
   * gradient and each branch's input gradient ({@link #branchGradient}; written, not added: the head
   * is the only reader of the last stage's outputs).
   */
  public void backward(NhwcArray logitsGradient) {
    NhwcArray y = conv3.y;
    if (logitsGradient.batch != y.batch || logitsGradient.channels != y.channels || logitsGradient.height != y.height
        || logitsGradient.width != y.width) {
      throw new IllegalArgumentException("head logits gradient must be " + y.batch + "x" + y.channels + "x" + y.height
          + "x" + y.width + " (NCHW sizes), got " + logitsGradient.batch + "x" + logitsGradient.channels + "x"
          + logitsGradient.height + "x" + logitsGradient.width);
    }
    conv3.backward(bn.y, logitsGradient, wideGradient);
    bn.backward(conv0.y, wideGradient);
    // last_layer.0's output is read by nothing after BN's backward: it takes the concatenation's gradient.
    NhwcArray concatGradient = conv0.y;
    conv0.backward(concat, wideGradient, concatGradient);
    for (int b = 0; b < branches; b++) {
      if (b == 0) {
        ChannelSlices.copyOut(concatGradient, 0, branchGradients[0]);
      } else {
        upsamples[b].backward(concatGradient, offsets[b], branchGradients[b]);
      }
    }
  }

  /** Branch {@code b}'s input gradient from the last {@link #backward} (live, overwritten by the next). */
  public NhwcArray branchGradient(int b) {
    return branchGradients[b];
  }

  /** BN's input gradient (that of {@code last_layer.0}'s output) from the last {@link #backward}: for tests. */
  NhwcArray bnInputGradient() {
    return wideGradient;
  }

  /** Plain SGD on both convolutions' weights and biases and on BN's γ and β. */
  public void sgd(float lr) {
    conv0.sgd(lr);
    bn.sgd(lr);
    conv3.sgd(lr);
  }

  /**
   * New copies of every tensor under its state_dict name, in PyTorch's order: conv {@code weight}
   * [oC, iC, k, k] and {@code bias}; BN {@code weight} (γ), {@code bias} (β), {@code running_mean},
   * {@code running_var}. Float32.
   */
  public Map<String, INDArray> stateDict() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    putConv(out, conv0, conv0.weights, conv0.bias);
    out.put(bn.name + ".weight", Nd4j.createFromArray(bn.gamma.clone()));
    out.put(bn.name + ".bias", Nd4j.createFromArray(bn.beta.clone()));
    out.put(bn.name + ".running_mean", Nd4j.createFromArray(bn.runningMean.clone()));
    out.put(bn.name + ".running_var", Nd4j.createFromArray(bn.runningVariance.clone()));
    putConv(out, conv3, conv3.weights, conv3.bias);
    return out;
  }

  /** New copies of the trainable tensors' gradients of the last {@link #backward}, named as {@link #stateDict()}. */
  public Map<String, INDArray> gradients() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    putConv(out, conv0, conv0.weightGradient, conv0.biasGradient);
    out.put(bn.name + ".weight", Nd4j.createFromArray(bn.gammaGradient.clone()));
    out.put(bn.name + ".bias", Nd4j.createFromArray(bn.betaGradient.clone()));
    putConv(out, conv3, conv3.weightGradient, conv3.biasGradient);
    return out;
  }

  private static void putConv(Map<String, INDArray> out, BiasedConv conv, INDArray weight, INDArray bias) {
    out.put(conv.name + ".weight", weight.dup('c'));
    out.put(conv.name + ".bias", bias.dup('c'));
  }

  /**
   * Sets every tensor {@link #stateDict()} names from {@code values} (any float type; a BN vector or
   * bias may be rank 1 or any shape of that length). Every name must be present; other names are
   * ignored, so the whole network's state_dict may be passed.
   */
  public void loadStateDict(Map<String, INDArray> values) {
    conv0.weights.assign(tensor(values, conv0.name + ".weight", conv0.weights.shape()));
    conv0.bias.assign(tensor(values, conv0.name + ".bias", conv0.bias.shape()));
    setVector(values, bn.name + ".weight", bn.gamma);
    setVector(values, bn.name + ".bias", bn.beta);
    setVector(values, bn.name + ".running_mean", bn.runningMean);
    setVector(values, bn.name + ".running_var", bn.runningVariance);
    conv3.weights.assign(tensor(values, conv3.name + ".weight", conv3.weights.shape()));
    conv3.bias.assign(tensor(values, conv3.name + ".bias", conv3.bias.shape()));
  }

  private static INDArray tensor(Map<String, INDArray> values, String key, long[] shape) {
    INDArray v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException("head state_dict: no tensor named '" + key + "'");
    }
    long length = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    boolean sameShape = Arrays.equals(v.shape(), shape);
    if (!sameShape && (shape.length != 1 || v.length() != length)) {
      throw new IllegalArgumentException("head state_dict: '" + key + "' must have shape " + Arrays.toString(shape)
          + ", got " + Arrays.toString(v.shape()));
    }
    return v.castTo(DataType.FLOAT).reshape(shape);
  }

  private static void setVector(Map<String, INDArray> values, String key, float[] into) {
    float[] v = tensor(values, key, new long[]{into.length}).dup('c').toFloatVector();
    System.arraycopy(v, 0, into, 0, into.length);
  }

  /** Bytes of native memory the head holds (activations, gradients, weights), not counting oneDNN's own scratch. */
  public long nativeBytes() {
    long floats = concat.dense.length() + wideGradient.dense.length() + conv0.y.dense.length()
        + bn.y.dense.length() + conv3.y.dense.length();
    for (int b = 0; b < branches; b++) {
      floats += branchGradients[b].dense.length();
    }
    for (BiasedConv c : new BiasedConv[]{conv0, conv3}) {
      floats += 2 * (c.weights.length() + c.bias.length());
    }
    return floats * Float.BYTES;
  }
}
