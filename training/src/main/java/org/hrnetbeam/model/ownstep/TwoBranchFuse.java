package org.hrnetbeam.model.ownstep;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * HRNet's whole fuse layer for two branches (W18-small-v1's stage 2), as a train step of our own:
 * <ul>
 *   <li>{@code out0 = relu(high + upsample(bn(conv1x1(low))))} (as {@link FuseUpStep});</li>
 *   <li>{@code out1 = relu(bn(conv3x3 stride 2(high)) + low)}.</li>
 * </ul>
 * Forward, backward from given gradients of both outputs (every parameter gradient; each input's
 * gradient is the sum over the two paths that read it), plain SGD. Channels last, allocated once.
 */
public final class TwoBranchFuse {
  private final NhwcArray high;
  private final NhwcArray low;
  private final ConvBnReluUnit up;
  private final ChannelsLastResize upsample;
  private final NhwcArray upsampled;
  private final NhwcArray out0;
  /** The gradient of out0's sum before its ReLU, then (after backward) the high input's whole gradient. */
  private final NhwcArray highGradient;
  private final NhwcArray upOutputGradient;
  private final NhwcArray lowGradient;
  private final ConvBnReluUnit down;
  private final NhwcArray downInputGradient;

  /**
   * @param momentum        PyTorch's BN momentum (HRNet: 0.1)
   * @param primitiveLayout weights kept in oneDNN's layout between steps (see {@link ConvBnReluUnit})
   */
  public TwoBranchFuse(int batch, int highChannels, int highHeight, int highWidth, int lowChannels, int lowHeight,
      int lowWidth, boolean alignCorners, double momentum, boolean primitiveLayout) {
    if (batch < 1 || highChannels < 1 || highHeight < 1 || highWidth < 1 || lowChannels < 1 || lowHeight < 1
        || lowWidth < 1) {
      throw new IllegalArgumentException("fuse layer needs positive sizes, got batch " + batch + ", high "
          + highChannels + "x" + highHeight + "x" + highWidth + ", low " + lowChannels + "x" + lowHeight + "x"
          + lowWidth);
    }
    high = new NhwcArray(batch, highChannels, highHeight, highWidth);
    low = new NhwcArray(batch, lowChannels, lowHeight, lowWidth);
    up = new ConvBnReluUnit("up", low, highChannels, 1, 1, momentum, primitiveLayout, false);
    upsample = new ChannelsLastResize(up.y, highHeight, highWidth, alignCorners);
    upsampled = upsample.newOutputShaped();
    out0 = upsample.newOutputShaped();
    highGradient = upsample.newOutputShaped();
    upOutputGradient = up.newOutputShaped();
    lowGradient = new NhwcArray(batch, lowChannels, lowHeight, lowWidth);
    down = new ConvBnReluUnit("down", high, lowChannels, 3, 2, momentum, primitiveLayout, true);
    if (down.y.height != lowHeight || down.y.width != lowWidth) {
      throw new IllegalArgumentException("fuse layer: a 3x3 stride-2 convolution of the high branch (" + highHeight
          + "x" + highWidth + ") gives " + down.y.height + "x" + down.y.width + ", not the low branch's "
          + lowHeight + "x" + lowWidth);
    }
    downInputGradient = new NhwcArray(batch, highChannels, highHeight, highWidth);
  }

  /** The units: the upsampling path's 1×1 conv + BN and the downsampling path's 3×3 conv + BN. */
  List<ConvBnReluUnit> units() {
    return List.of(up, down);
  }

  /** Weights drawn as PyTorch's Kaiming normal (fan-in, gain √2) from {@code seed}; γ = 1, β = 0. */
  public void initialise(long seed) {
    java.util.Random random = new java.util.Random(seed);
    up.initialise(random);
    down.initialise(random);
  }

  /** Copies dense NCHW batches of the two branches into their channels-last inputs. */
  public void setInputs(INDArray highNchw, INDArray lowNchw) {
    requireShape("high branch input", high, highNchw);
    requireShape("low branch input", low, lowNchw);
    high.assignFromNchw(highNchw);
    low.assignFromNchw(lowNchw);
  }

  /** A channels-last copy of {@code nchw}, a gradient of output 0 (high resolution). */
  public NhwcArray highOutputGradient(INDArray nchw) {
    NhwcArray g = upsample.newOutputShaped();
    requireShape("output 0 gradient", g, nchw);
    g.assignFromNchw(nchw);
    return g;
  }

  /** A channels-last copy of {@code nchw}, a gradient of output 1 (low resolution). */
  public NhwcArray lowOutputGradient(INDArray nchw) {
    NhwcArray g = down.newOutputShaped();
    requireShape("output 1 gradient", g, nchw);
    g.assignFromNchw(nchw);
    return g;
  }

  /** Runs the forward pass of both outputs, updating both BNs' running statistics. */
  public void forward() {
    up.forward(low, null);
    upsample.forward(up.y, upsampled);
    ChannelsLastPasses.addRelu(high, upsampled, out0);
    down.forward(high, low);
  }

  /** Back from the gradients of both outputs; fills the parameter gradients and both input gradients. */
  public void backward(NhwcArray out0Gradient, NhwcArray out1Gradient) {
    ChannelsLastPasses.reluBackward(out0, out0Gradient, highGradient);
    upsample.backward(highGradient, upOutputGradient);
    up.backward(low, upOutputGradient, lowGradient);
    down.backward(high, out1Gradient, downInputGradient);
    ChannelsLastPasses.addInto(highGradient, downInputGradient);
    ChannelsLastPasses.addInto(lowGradient, down.preActivationGradient());
  }

  /** Plain SGD on both paths' weights, γ and β. */
  public void sgd(float lr) {
    up.sgd(lr);
    down.sgd(lr);
  }

  /** Output 0 (high resolution) as a new dense NCHW array. */
  public INDArray highOutput() {
    return out0.toNchw();
  }

  /** Output 1 (low resolution) as a new dense NCHW array. */
  public INDArray lowOutput() {
    return down.y.toNchw();
  }

  /** The gradient of the high branch's input from the last {@link #backward}, as a new dense NCHW array. */
  public INDArray highGradientNchw() {
    return highGradient.toNchw();
  }

  /** The gradient of the low branch's input from the last {@link #backward}, as a new dense NCHW array. */
  public INDArray lowGradientNchw() {
    return lowGradient.toNchw();
  }

  private static void requireShape(String what, NhwcArray target, INDArray nchw) {
    if (!Arrays.equals(nchw.shape(), target.nchwView.shape())) {
      throw new IllegalArgumentException(what + " must have shape " + Arrays.toString(target.nchwView.shape())
          + ", got " + Arrays.toString(nchw.shape()));
    }
  }
}
