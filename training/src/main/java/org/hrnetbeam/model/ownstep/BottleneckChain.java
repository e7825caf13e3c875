package org.hrnetbeam.model.ownstep;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * HRNet's stage-1 bottleneck block as a train step of our own: 1×1 conv (planes) → BN → ReLU,
 * 3×3 conv (planes) → BN → ReLU, 1×1 conv (planes·expansion) → BN, plus the identity path, then
 * ReLU. When the block's input width differs from planes·expansion the identity path is a 1×1 conv
 * and BN without ReLU (PyTorch's {@code downsample}). Forward, backward from a given gradient of the
 * output (filling every parameter gradient and the gradient of the block's input), plain SGD.
 *
 * <p>All activations and gradients are channels last and allocated once, here.
 */
public final class BottleneckChain {
  private final NhwcArray input;
  private final ConvBnReluUnit conv1;
  private final ConvBnReluUnit conv2;
  private final ConvBnReluUnit conv3;
  /** The identity path's conv + BN, or null when the widths match and the path is the input itself. */
  private final ConvBnReluUnit downsample;
  private final NhwcArray conv1Gradient;
  private final NhwcArray conv2Gradient;
  private final NhwcArray inputGradient;
  private final NhwcArray downsampleInputGradient;

  /**
   * @param momentum        PyTorch's BN momentum (HRNet: 0.1)
   * @param primitiveLayout weights kept in oneDNN's layout between steps (see {@link ConvBnReluUnit})
   */
  public BottleneckChain(int batch, int inChannels, int height, int width, int planes, int expansion,
      double momentum, boolean primitiveLayout) {
    if (batch < 1 || inChannels < 1 || height < 1 || width < 1 || planes < 1 || expansion < 1) {
      throw new IllegalArgumentException("bottleneck needs positive sizes, got batch " + batch + ", input "
          + inChannels + "x" + height + "x" + width + ", planes " + planes + ", expansion " + expansion);
    }
    input = new NhwcArray(batch, inChannels, height, width);
    int out = planes * expansion;
    conv1 = new ConvBnReluUnit("conv1", input, planes, 1, 1, momentum, primitiveLayout, true);
    conv2 = new ConvBnReluUnit("conv2", conv1.y, planes, 3, 1, momentum, primitiveLayout, true);
    downsample = inChannels == out ? null
        : new ConvBnReluUnit("downsample", input, out, 1, 1, momentum, primitiveLayout, false);
    conv3 = new ConvBnReluUnit("conv3", conv2.y, out, 1, 1, momentum, primitiveLayout, true);
    conv1Gradient = conv1.newOutputShaped();
    conv2Gradient = conv2.newOutputShaped();
    inputGradient = new NhwcArray(batch, inChannels, height, width);
    downsampleInputGradient = downsample == null ? null : new NhwcArray(batch, inChannels, height, width);
  }

  /** The units: conv1, conv2, conv3 and, when present, downsample. */
  List<ConvBnReluUnit> units() {
    return downsample == null ? List.of(conv1, conv2, conv3) : List.of(conv1, conv2, conv3, downsample);
  }

  /** Whether the identity path has its own conv + BN. */
  public boolean hasDownsample() {
    return downsample != null;
  }

  /** Weights drawn as PyTorch's Kaiming normal (fan-in, gain √2) from {@code seed}; γ = 1, β = 0. */
  public void initialise(long seed) {
    java.util.Random random = new java.util.Random(seed);
    for (ConvBnReluUnit u : units()) {
      u.initialise(random);
    }
  }

  /** Copies a dense NCHW batch of the block's input shape into its channels-last input. */
  public void setInput(INDArray nchw) {
    if (!Arrays.equals(nchw.shape(), input.nchwView.shape())) {
      throw new IllegalArgumentException("bottleneck input must have shape " + Arrays.toString(input.nchwView.shape())
          + ", got " + Arrays.toString(nchw.shape()));
    }
    input.assignFromNchw(nchw);
  }

  /** A channels-last copy of {@code nchw}, the gradient of the block's output, for {@link #backward}. */
  public NhwcArray outputGradient(INDArray nchw) {
    NhwcArray g = conv3.newOutputShaped();
    if (!Arrays.equals(nchw.shape(), g.nchwView.shape())) {
      throw new IllegalArgumentException("bottleneck output gradient must have shape " + Arrays.toString(
          g.nchwView.shape()) + ", got " + Arrays.toString(nchw.shape()));
    }
    g.assignFromNchw(nchw);
    return g;
  }

  /** Runs the forward pass, updating every BN's running statistics. */
  public void forward() {
    conv1.forward(input, null);
    conv2.forward(conv1.y, null);
    NhwcArray identity = input;
    if (downsample != null) {
      downsample.forward(input, null);
      identity = downsample.y;
    }
    conv3.forward(conv2.y, identity);
  }

  /** Back from the gradient of the output; fills every parameter gradient and {@link #inputGradientNchw()}. */
  public void backward(NhwcArray outputGradient) {
    conv3.backward(conv2.y, outputGradient, conv2Gradient);
    conv2.backward(conv1.y, conv2Gradient, conv1Gradient);
    conv1.backward(input, conv1Gradient, inputGradient);
    if (downsample == null) {
      ChannelsLastPasses.addInto(inputGradient, conv3.preActivationGradient());
    } else {
      downsample.backward(input, conv3.preActivationGradient(), downsampleInputGradient);
      ChannelsLastPasses.addInto(inputGradient, downsampleInputGradient);
    }
  }

  /** Plain SGD on every weight, γ and β. */
  public void sgd(float lr) {
    for (ConvBnReluUnit u : units()) {
      u.sgd(lr);
    }
  }

  /** The block's output as a new dense NCHW array. */
  public INDArray output() {
    return conv3.y.toNchw();
  }

  /** The gradient of the block's input from the last {@link #backward}, as a new dense NCHW array. */
  public INDArray inputGradientNchw() {
    return inputGradient.toNchw();
  }
}
