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
 * <p>Other cases (inference, NHWC, non-float, non-dense arrays) take DL4J's helper unchanged.
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
    if (!training || format != CNN2DFormat.NCHW || !ChannelPasses.fits(x)) {
      ownStatistics &= !training;
      return super.preOutput(x, training, shape, gamma, beta, mean, var, decay, eps, format, workspaceMgr);
    }
    long channels = x.size(1);
    if (batchMean == null || batchMean.length() != channels) {
      try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        batchMean = Nd4j.create(DataType.FLOAT, channels);
        batchVar = Nd4j.create(DataType.FLOAT, channels);
      }
      setCache(MEAN_CACHE, batchMean);
      setCache(VAR_CACHE, batchVar);
    }
    ChannelPasses.statistics(x, batchMean, batchVar);
    ownStatistics = true;
    return super.preOutput(x, false, shape, gamma, beta, batchMean, batchVar, decay, eps, format, workspaceMgr);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
      INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps, CNN2DFormat format,
      LayerWorkspaceMgr workspaceMgr) {
    if (format != CNN2DFormat.NCHW || gamma == null || dGammaView == null || !ChannelPasses.fits(input)
        || !ownStatistics || batchMean.length() != input.size(1) || epsilon.dataType() != DataType.FLOAT) {
      return super.backpropGradient(input, epsilon, shape, gamma, beta, dGammaView, dBetaView, eps, format,
          workspaceMgr);
    }
    INDArray dy = ChannelPasses.fits(epsilon) ? epsilon : epsilon.dup('c');
    INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape());
    ChannelPasses.backward(input, dy, batchMean, batchVar, gamma, eps, dx, dGammaView, dBetaView);
    Gradient g = new DefaultGradient();
    g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
    g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
    return new Pair<>(g, dx);
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
