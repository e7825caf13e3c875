package org.hrnetbeam.model.ownstep;

import java.nio.FloatBuffer;
import org.hrnetbeam.model.dnnl.ConvGeometry;
import org.hrnetbeam.model.dnnl.DirectConv;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A stride-1 convolution with bias on channels-last arrays (padding kernel / 2): HRNet's head has
 * two ({@code last_layer.0}, 1×1, and {@code last_layer.3}, FINAL_CONV_KERNEL), the only
 * convolutions of the network with a bias. Forward, backward (input, weight and bias gradients) and
 * plain SGD.
 *
 * <p>Weights stay in DL4J's [oC, iC, kH, kW] layout: {@code DirectConv}'s calls that keep weights in
 * oneDNN's own layout take no bias, and the head's weights are small (240×240 for W18, 720×720 for
 * W48), so the per-call reorder is a small cost here. Every array is allocated in the constructor.
 *
 * <p>Not thread-safe: one step at a time.
 */
final class BiasedConv {
  /** The state_dict module name, e.g. {@code last_layer.0}. */
  final String name;
  private final DirectConv conv;
  private final ReusedScratch scratch = new ReusedScratch();
  /** [oC, iC, k, k], dense c order. */
  final INDArray weights;
  final INDArray weightGradient;
  /** [oC]. */
  final INDArray bias;
  final INDArray biasGradient;
  /** The convolution's output (bias added). */
  final NhwcArray y;

  /** For inputs shaped as {@code input}; {@code kernel} odd. */
  BiasedConv(String name, NhwcArray input, int outChannels, int kernel) {
    if (kernel < 1 || kernel % 2 == 0) {
      throw new IllegalArgumentException("convolution " + name + ": kernel size must be odd, got " + kernel);
    }
    if (outChannels < 1) {
      throw new IllegalArgumentException("convolution " + name + ": needs at least one output channel, got "
          + outChannels);
    }
    this.name = name;
    int pad = kernel / 2;
    ConvGeometry geometry = new ConvGeometry(input.batch, input.channels, input.height, input.width, outChannels,
        input.height, input.width, kernel, kernel, 1, 1, pad, pad, true);
    conv = new DirectConv(geometry);
    weights = Nd4j.create(DataType.FLOAT, geometry.weightShape(), 'c');
    weightGradient = Nd4j.create(DataType.FLOAT, geometry.weightShape(), 'c');
    bias = Nd4j.create(DataType.FLOAT, outChannels);
    biasGradient = Nd4j.create(DataType.FLOAT, outChannels);
    y = new NhwcArray(input.batch, outChannels, input.height, input.width);
  }

  /** {@code y = conv(x, W) + b}. */
  void forward(NhwcArray x) {
    conv.forward(x.nchwView, weights, bias, y.nchwView, scratch.reset());
  }

  /**
   * From {@code dy} (gradient of y) to the weight and bias gradients (written, not added) and, when
   * {@code dx} is not null, the input's gradient written into {@code dx}. {@code x} is the input of
   * the last forward.
   */
  void backward(NhwcArray x, NhwcArray dy, NhwcArray dx) {
    conv.backwardWeights(x.nchwView, dy.nchwView, weightGradient, biasGradient, scratch.reset());
    if (dx != null) {
      conv.backwardData(weights, dy.nchwView, dx.nchwView, scratch.reset());
    }
  }

  /** iC·kH·kW. */
  long fanIn() {
    long[] s = weights.shape();
    return s[1] * s[2] * s[3];
  }

  /**
   * PyTorch's default for a {@code Conv2d} the reference does not re-initialise: weights and bias
   * uniform in ±1/√fan-in (Kaiming uniform with a = √5 gives that bound for the weights).
   */
  void initialise(java.util.Random random) {
    double bound = 1.0 / Math.sqrt(fanIn());
    fillUniform(weights, bound, random);
    fillUniform(bias, bound, random);
  }

  private static void fillUniform(INDArray target, double bound, java.util.Random random) {
    float[] v = new float[(int) target.length()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((2 * random.nextDouble() - 1) * bound);
    }
    target.assign(Nd4j.createFromArray(v).reshape(target.shape()));
  }

  /** Plain SGD: W −= lr·dW, b −= lr·db. */
  void sgd(float lr) {
    step(weights, weightGradient, lr);
    step(bias, biasGradient, lr);
  }

  private static void step(INDArray value, INDArray gradient, float lr) {
    FloatBuffer v = value.data().asNioFloat();
    FloatBuffer g = gradient.data().asNioFloat();
    ChannelsLastPasses.sgd(v, g, (int) value.length(), lr);
  }
}
