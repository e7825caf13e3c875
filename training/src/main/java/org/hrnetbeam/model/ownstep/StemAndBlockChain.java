package org.hrnetbeam.model.ownstep;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * HRNet's stem (3→64 3×3 stride 2, 64→64 3×3 stride 2, each with BN and ReLU) followed by one basic
 * block (two 3×3 convolutions at 64 channels, the block's input added before the last ReLU), as
 * one train step of our own: {@link #forward}, {@link #backward} from a given gradient of the last
 * activation (no loss), {@link #sgd}.
 *
 * <p>All activations and gradients are channels last and allocated once, here.
 */
public final class StemAndBlockChain {
  /** HRNet's stem and basic-block width. */
  public static final int CHANNELS = 64;

  private final NhwcArray input;
  private final ConvBnReluUnit stem1;
  private final ConvBnReluUnit stem2;
  private final ConvBnReluUnit block1;
  private final ConvBnReluUnit block2;
  private final NhwcArray stem1Gradient;
  private final NhwcArray stem2Gradient;
  private final NhwcArray block1Gradient;

  /**
   * A chain whose units keep their weights in oneDNN's layout between steps.
   *
   * @param momentum PyTorch's BN momentum (HRNet: 0.1)
   */
  public StemAndBlockChain(int batch, int height, int width, double momentum) {
    this(batch, height, width, momentum, true);
  }

  /**
   * @param momentum        PyTorch's BN momentum (HRNet: 0.1)
   * @param primitiveLayout true: weights kept in oneDNN's layout between steps; false: in DL4J's
   *                        layout, reordered on every convolution call (the first slice's way, kept
   *                        for the benchmark's comparison)
   */
  public StemAndBlockChain(int batch, int height, int width, double momentum, boolean primitiveLayout) {
    if (batch < 1 || height < 4 || width < 4) {
      throw new IllegalArgumentException("chain input must be at least 1x3x4x4, got " + batch + "x3x" + height + "x"
          + width);
    }
    input = new NhwcArray(batch, 3, height, width);
    stem1 = new ConvBnReluUnit("stem1", input, CHANNELS, 2, momentum, primitiveLayout);
    stem2 = new ConvBnReluUnit("stem2", stem1.y, CHANNELS, 2, momentum, primitiveLayout);
    block1 = new ConvBnReluUnit("block1", stem2.y, CHANNELS, 1, momentum, primitiveLayout);
    block2 = new ConvBnReluUnit("block2", block1.y, CHANNELS, 1, momentum, primitiveLayout);
    stem1Gradient = stem1.newOutputShaped();
    stem2Gradient = stem2.newOutputShaped();
    block1Gradient = block1.newOutputShaped();
  }

  /** Per unit, whether oneDNN's backward primitives share the forward's weight layout. */
  public String weightLayouts() {
    StringBuilder b = new StringBuilder();
    for (ConvBnReluUnit u : units()) {
      b.append(b.length() == 0 ? "" : "; ").append(u.name).append(": ").append(u.weightLayouts());
    }
    return b.toString();
  }

  /** Which inner loops the Java passes run in this JVM: "scalar" or "vector N-bit". */
  public static String passKernel() {
    return ChannelsLastPasses.kernelName();
  }

  /** The units in order: stem1, stem2, block1, block2 (block2 adds stem2's output before its ReLU). */
  List<ConvBnReluUnit> units() {
    return List.of(stem1, stem2, block1, block2);
  }

  /** Weights drawn as PyTorch's Kaiming normal (fan-in, gain √2) from {@code seed}; γ = 1, β = 0. */
  public void initialise(long seed) {
    // java.util.Random, not ND4J's generator: the same seed gives the same weights on every run.
    java.util.Random random = new java.util.Random(seed);
    for (ConvBnReluUnit u : units()) {
      u.initialise(random);
    }
  }

  /** Copies a dense NCHW batch [N, 3, H, W] into the chain's channels-last input. */
  public void setInput(INDArray nchw) {
    if (!java.util.Arrays.equals(nchw.shape(), input.nchwView.shape())) {
      throw new IllegalArgumentException("chain input must have shape " + java.util.Arrays.toString(
          input.nchwView.shape()) + ", got " + java.util.Arrays.toString(nchw.shape()));
    }
    input.assignFromNchw(nchw);
  }

  /** Runs the forward pass; returns the last activation (owned by the chain, overwritten next step). */
  public void runForward() {
    forward();
  }

  /**
   * A channels-last copy of {@code nchw}, the gradient of the last activation, for
   * {@link #runBackward}; allocated once by the caller and reused.
   */
  public NhwcArray outputGradient(INDArray nchw) {
    NhwcArray g = newOutputGradient();
    if (!java.util.Arrays.equals(nchw.shape(), g.nchwView.shape())) {
      throw new IllegalArgumentException("output gradient must have shape " + java.util.Arrays.toString(
          g.nchwView.shape()) + ", got " + java.util.Arrays.toString(nchw.shape()));
    }
    g.assignFromNchw(nchw);
    return g;
  }

  /** {@link #backward} from a gradient made by {@link #outputGradient}. */
  public void runBackward(NhwcArray outputGradient) {
    backward(outputGradient);
  }

  NhwcArray forward() {
    stem1.forward(input, null);
    stem2.forward(stem1.y, null);
    block1.forward(stem2.y, null);
    block2.forward(block1.y, stem2.y);
    return block2.y;
  }

  /** The last activation as a new dense NCHW array. */
  public INDArray output() {
    return block2.y.toNchw();
  }

  /** A channels-last array of the output's shape, for the gradient passed to {@link #backward}. */
  NhwcArray newOutputGradient() {
    return block2.newOutputShaped();
  }

  /** Back from the gradient of the last activation; fills every unit's parameter gradients. */
  void backward(NhwcArray outputGradient) {
    block2.backward(block1.y, outputGradient, block1Gradient);
    block1.backward(stem2.y, block1Gradient, stem2Gradient);
    ChannelsLastPasses.addInto(stem2Gradient, block2.preActivationGradient());
    stem2.backward(stem1.y, stem2Gradient, stem1Gradient);
    stem1.backward(input, stem1Gradient, null);
  }

  /** Plain SGD on every weight, γ and β. */
  public void sgd(float lr) {
    for (ConvBnReluUnit u : units()) {
      u.sgd(lr);
    }
  }
}
