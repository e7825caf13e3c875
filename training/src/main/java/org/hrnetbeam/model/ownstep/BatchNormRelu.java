package org.hrnetbeam.model.ownstep;

/**
 * Batch norm in training mode followed by ReLU, on a channels-last array that some other layer
 * wrote: HRNet's {@code last_layer.1} (+ ReLU) after the head's biased 1×1 convolution, which
 * {@link ConvBnReluUnit} (no bias) does not cover. The same maths as that unit's BN: batch
 * statistics, eps 1e-5, PyTorch's momentum with the unbiased batch variance for the running
 * variance. The running mean is the mean of the input it is given, so a bias added before it is in
 * the running mean, as in PyTorch.
 *
 * <p>Every array is allocated in the constructor. Not thread-safe: one step at a time.
 */
final class BatchNormRelu {
  /** The state_dict module name, e.g. {@code last_layer.1}. */
  final String name;
  private final double momentum;
  final float[] gamma;
  final float[] beta;
  final float[] gammaGradient;
  final float[] betaGradient;
  final float[] runningMean;
  final float[] runningVariance;
  /** relu(bn(z)). */
  final NhwcArray y;

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

  /** For inputs shaped as {@code input}; {@code momentum} PyTorch's (HRNet: 0.1). */
  BatchNormRelu(String name, NhwcArray input, double momentum) {
    this.name = name;
    this.momentum = momentum;
    int c = input.channels;
    gamma = new float[c];
    java.util.Arrays.fill(gamma, 1f);
    beta = new float[c];
    gammaGradient = new float[c];
    betaGradient = new float[c];
    runningMean = new float[c];
    runningVariance = new float[c];
    java.util.Arrays.fill(runningVariance, 1f);
    y = new NhwcArray(input.batch, c, input.height, input.width);
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

  /** {@code y = relu(γ·(z − μ)/σ + β)} with the batch's μ, σ; updates the running statistics. */
  void forward(NhwcArray z) {
    ChannelsLastPasses.statistics(z, mean, variance, acc);
    double count = z.pixels();
    for (int ch = 0; ch < mean.length; ch++) {
      double invStd = 1.0 / Math.sqrt(variance[ch] + ConvBnReluUnit.BN_EPS);
      scale[ch] = (float) (gamma[ch] * invStd);
      offset[ch] = (float) (beta[ch] - mean[ch] * gamma[ch] * invStd);
      meanF[ch] = (float) mean[ch];
      runningMean[ch] = (float) ((1 - momentum) * runningMean[ch] + momentum * mean[ch]);
      double unbiased = count > 1 ? variance[ch] * count / (count - 1) : variance[ch];
      runningVariance[ch] = (float) ((1 - momentum) * runningVariance[ch] + momentum * unbiased);
    }
    ChannelsLastPasses.scaleAddRelu(z, scale, offset, null, y, true);
  }

  /**
   * From {@code dy} to γ's and β's gradients and z's gradient, which overwrites {@code dy} (each
   * pass reads a block before it writes it back, so working in place is safe; it saves a whole
   * array the size of the head's widest activation); {@code z} is the input of the last forward.
   */
  void backward(NhwcArray z, NhwcArray dy) {
    NhwcArray dz = dy;
    // dz holds the ReLU-masked gradient first, then (in place) batch norm's input gradient.
    ChannelsLastPasses.reluBackwardAndSums(y, dy, z, mean, dz, acc);
    ChannelsLastPasses.columnSums(acc, sums);
    int c = mean.length;
    double count = z.pixels();
    for (int ch = 0; ch < c; ch++) {
      double invStd = 1.0 / Math.sqrt(variance[ch] + ConvBnReluUnit.BN_EPS);
      double sumG = sums[ch];
      double sumGCentred = sums[c + ch];
      gammaGradient[ch] = (float) (sumGCentred * invStd);
      betaGradient[ch] = (float) sumG;
      k[ch] = (float) (gamma[ch] * invStd);
      shift[ch] = (float) (-gamma[ch] * invStd * sumG / count);
      slope[ch] = (float) (-gamma[ch] * invStd * invStd * invStd * sumGCentred / count);
    }
    ChannelsLastPasses.batchNormInputGradient(dz, z, meanF, k, slope, shift, dz);
  }

  /** Plain SGD on γ and β. */
  void sgd(float lr) {
    for (int ch = 0; ch < gamma.length; ch++) {
      gamma[ch] -= lr * gammaGradient[ch];
      beta[ch] -= lr * betaGradient[ch];
    }
  }
}
