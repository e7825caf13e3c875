package org.hrnetbeam.model.onednn;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's oneDNN batch-norm helper with the availability check fixed, as {@link OneDnnConvHelper},
 * and its training-mode statistics and backward pass done by {@link ChannelPasses}.
 *
 * <p>Forward (training): the per-channel batch mean and variance come from {@link
 * ChannelPasses#statistics} (DL4J's helper runs strided (0, 2, 3) reductions: 8% of a W18-small-v1
 * step); the normalisation itself is still the oneDNN op, through the helper's inference form with
 * these statistics as inputs. The helper's caches point at this helper's arrays, so DL4J's
 * running-statistics update reads them as before.
 *
 * <p>Backward (training): {@link ChannelPasses#backward}, two passes over the input and the
 * gradient, instead of libnd4j's {@code batchnorm_bp} (oneDNN's backward with constant statistics
 * plus a chain of array ops for the rest: about 9× the oneDNN call itself).
 *
 * <p>Input laid out channels last (a conv output from {@link OneDnnConvHelper}, training and
 * inference): statistics, normalisation and backward pass all in {@link ChannelPasses}, reading the
 * channels-last input and writing dense NCHW outputs and input gradients, so the transpose back to
 * NCHW costs no pass of its own.
 *
 * <p>Other cases (inference on dense input, NHWC, non-float, non-dense arrays) take DL4J's helper
 * unchanged.
 */
final class OneDnnBatchNormHelper extends MKLDNNBatchNormHelper {
  private static final Field MEAN_CACHE = cacheField("meanCache");
  private static final Field VAR_CACHE = cacheField("varCache");

  private INDArray batchMean;
  private INDArray batchVar;
  /** Whether the last training forward pass left its statistics in batchMean / batchVar. */
  private boolean ownStatistics;

  OneDnnBatchNormHelper(DataType dataType) {
    super(dataType);
  }

  @Override
  public boolean checkSupported() {
    return true;
  }

  /** oneDNN needs trainable gamma/beta; HRNet's BN layers always have them. */
  @Override
  public boolean checkSupported(double eps, boolean lockGammaBeta) {
    return !lockGammaBeta;
  }

  @Override
  public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta,
      INDArray mean, INDArray var, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
    INDArray channelsLast = format == CNN2DFormat.NCHW ? ChannelsLast.alias(x) : null;
    if (channelsLast != null) {
      // A conv output laid out channels last (OneDnnConvHelper): statistics and normalisation here,
      // writing the dense NCHW output the following layers expect.
      INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, x.shape(), 'c');
      ownStatistics = training;
      if (training) {
        ensureStatisticsArrays(x.size(1));
        ChannelPasses.statisticsChannelsLast(channelsLast, batchMean, batchVar);
        ChannelPasses.normaliseToNchw(channelsLast, batchMean, batchVar, gamma, beta, eps, out);
      } else {
        ChannelPasses.normaliseToNchw(channelsLast, mean, var, gamma, beta, eps, out);
      }
      return out;
    }
    if (!training || format != CNN2DFormat.NCHW || !ChannelPasses.fits(x)) {
      ownStatistics &= !training;
      return super.preOutput(x, training, shape, gamma, beta, mean, var, decay, eps, format, workspaceMgr);
    }
    ensureStatisticsArrays(x.size(1));
    ChannelPasses.statistics(x, batchMean, batchVar);
    ownStatistics = true;
    return super.preOutput(x, false, shape, gamma, beta, batchMean, batchVar, decay, eps, format, workspaceMgr);
  }

  private void ensureStatisticsArrays(long channels) {
    if (batchMean == null || batchMean.length() != channels) {
      try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        batchMean = Nd4j.create(DataType.FLOAT, channels);
        batchVar = Nd4j.create(DataType.FLOAT, channels);
      }
      setCache(MEAN_CACHE, batchMean);
      setCache(VAR_CACHE, batchVar);
    }
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
      INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps, CNN2DFormat format,
      LayerWorkspaceMgr workspaceMgr) {
    if (format != CNN2DFormat.NCHW || gamma == null || dGammaView == null || input.dataType() != DataType.FLOAT
        || !(ChannelPasses.fits(input) || ChannelsLast.alias(input) != null) || !ownStatistics
        || batchMean.length() != input.size(1) || epsilon.dataType() != DataType.FLOAT) {
      return super.backpropGradient(input, epsilon, shape, gamma, beta, dGammaView, dBetaView, eps, format,
          workspaceMgr);
    }
    INDArray xLast = ChannelsLast.alias(input);
    if (xLast != null) {
      INDArray dy = ChannelPasses.fits(epsilon) ? epsilon : epsilon.dup('c');
      INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
      ChannelPasses.backwardChannelsLast(xLast, dy, batchMean, batchVar, gamma, eps, dx, dGammaView, dBetaView);
      return new Pair<>(gradient(dGammaView, dBetaView), dx);
    }
    INDArray dy = ChannelPasses.fits(epsilon) ? epsilon : epsilon.dup('c');
    INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape());
    ChannelPasses.backward(input, dy, batchMean, batchVar, gamma, eps, dx, dGammaView, dBetaView);
    return new Pair<>(gradient(dGammaView, dBetaView), dx);
  }

  private static Gradient gradient(INDArray dGamma, INDArray dBeta) {
    Gradient g = new DefaultGradient();
    g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGamma);
    g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBeta);
    return g;
  }

  private void setCache(Field field, INDArray value) {
    try {
      field.set(this, value);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot set " + field.getName() + " of DL4J's oneDNN BN helper", e);
    }
  }

  private static Field cacheField(String name) {
    try {
      Field f = MKLDNNBatchNormHelper.class.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("DL4J's oneDNN BN helper has no field " + name + " (DL4J version changed?)", e);
    }
  }
}
