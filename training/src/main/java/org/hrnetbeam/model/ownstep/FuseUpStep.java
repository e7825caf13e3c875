package org.hrnetbeam.model.ownstep;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One of HRNet's fuse paths from a lower-resolution branch to a higher one, as a train step of our
 * own: {@code out = relu(high + upsample(bn(conv1x1(low))))}, the 1×1 convolution without bias,
 * batch norm in training mode, a bilinear upsample to the high branch's size
 * ({@link ChannelsLastResize}, either align_corners convention). Forward, backward from a given
 * gradient of {@code out} (every parameter gradient and the gradients of both inputs), plain SGD.
 *
 * <p>All activations and gradients are channels last and allocated once, here. In the whole model
 * the sum would hold every incoming branch; here it is the high branch and one upsampled one.
 */
public final class FuseUpStep {
  private final NhwcArray high;
  private final NhwcArray low;
  private final ConvBnReluUnit fuse;
  private final ChannelsLastResize upsample;
  private final NhwcArray upsampled;
  private final NhwcArray out;
  /** The gradient of the sum before the ReLU: also the high branch's input gradient. */
  private final NhwcArray sumGradient;
  private final NhwcArray fuseOutputGradient;
  private final NhwcArray lowGradient;

  /**
   * @param momentum        PyTorch's BN momentum (HRNet: 0.1)
   * @param primitiveLayout weights kept in oneDNN's layout between steps (see {@link ConvBnReluUnit})
   */
  public FuseUpStep(int batch, int highChannels, int highHeight, int highWidth, int lowChannels, int lowHeight,
      int lowWidth, boolean alignCorners, double momentum, boolean primitiveLayout) {
    if (batch < 1 || highChannels < 1 || highHeight < 1 || highWidth < 1 || lowChannels < 1 || lowHeight < 1
        || lowWidth < 1) {
      throw new IllegalArgumentException("fuse step needs positive sizes, got batch " + batch + ", high " + highChannels
          + "x" + highHeight + "x" + highWidth + ", low " + lowChannels + "x" + lowHeight + "x" + lowWidth);
    }
    high = new NhwcArray(batch, highChannels, highHeight, highWidth);
    low = new NhwcArray(batch, lowChannels, lowHeight, lowWidth);
    fuse = new ConvBnReluUnit("fuse", low, highChannels, 1, 1, momentum, primitiveLayout, false);
    upsample = new ChannelsLastResize(fuse.y, highHeight, highWidth, alignCorners);
    upsampled = upsample.newOutputShaped();
    out = upsample.newOutputShaped();
    sumGradient = upsample.newOutputShaped();
    fuseOutputGradient = fuse.newOutputShaped();
    lowGradient = new NhwcArray(batch, lowChannels, lowHeight, lowWidth);
  }

  /** The one unit: the 1×1 conv + BN on the low branch. */
  List<ConvBnReluUnit> units() {
    return List.of(fuse);
  }

  /** Weights drawn as PyTorch's Kaiming normal (fan-in, gain √2) from {@code seed}; γ = 1, β = 0. */
  public void initialise(long seed) {
    fuse.initialise(new java.util.Random(seed));
  }

  /** Copies dense NCHW batches of the two branches into their channels-last inputs. */
  public void setInputs(INDArray highNchw, INDArray lowNchw) {
    requireShape("high branch input", high, highNchw);
    requireShape("low branch input", low, lowNchw);
    high.assignFromNchw(highNchw);
    low.assignFromNchw(lowNchw);
  }

  /** A channels-last copy of {@code nchw}, the gradient of the output, for {@link #backward}. */
  public NhwcArray outputGradient(INDArray nchw) {
    NhwcArray g = upsample.newOutputShaped();
    requireShape("fuse output gradient", g, nchw);
    g.assignFromNchw(nchw);
    return g;
  }

  /** Runs the forward pass, updating the BN's running statistics. */
  public void forward() {
    fuse.forward(low, null);
    upsample.forward(fuse.y, upsampled);
    ChannelsLastPasses.addRelu(high, upsampled, out);
  }

  /** Back from the gradient of the output; fills the parameter gradients and both input gradients. */
  public void backward(NhwcArray outputGradient) {
    ChannelsLastPasses.reluBackward(out, outputGradient, sumGradient);
    upsample.backward(sumGradient, fuseOutputGradient);
    fuse.backward(low, fuseOutputGradient, lowGradient);
  }

  /** Plain SGD on the weights, γ and β. */
  public void sgd(float lr) {
    fuse.sgd(lr);
  }

  /** The output as a new dense NCHW array. */
  public INDArray output() {
    return out.toNchw();
  }

  /** The gradient of the high branch's input from the last {@link #backward}, as a new dense NCHW array. */
  public INDArray highGradientNchw() {
    return sumGradient.toNchw();
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
