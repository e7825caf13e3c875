package org.hrnetbeam.model.onednn;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.floating.SquaredNorm;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's oneDNN batch-norm helper with the availability check fixed, as {@link OneDnnConvHelper},
 * and a faster batch variance in training.
 *
 * <p>DL4J's helper computes the per-channel variance of an NCHW batch with a summary-statistics
 * reduction over dimensions (0, 2, 3), which ND4J runs through strided indices: 8% of a
 * W18-small-v1 train step (sampling profile). For planes of at least {@value #MIN_PLANE} pixels
 * this helper takes the same mean, then the variance as the mean of squared deviations summed
 * along contiguous planes (two passes, so no cancellation). It then normalises with these
 * statistics through the helper's inference form, which runs the same oneDNN op (the op takes
 * mean and variance as inputs either way); the helper's backward pass and the layer's
 * running-statistics update read them from the helper's caches, which point at this helper's arrays.
 */
final class OneDnnBatchNormHelper extends MKLDNNBatchNormHelper {
  /** Below this many pixels per plane DL4J's own reduction is as fast (measured in isolation). */
  static final long MIN_PLANE = 1024;

  private static final Field MEAN_CACHE = cacheField("meanCache");
  private static final Field VAR_CACHE = cacheField("varCache");

  private INDArray batchMean;
  private INDArray batchVar;

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
    if (!training || format != CNN2DFormat.NCHW || x.rank() != 4 || x.dataType() != DataType.FLOAT
        || x.ordering() != 'c' || x.isView() || x.size(2) * x.size(3) < MIN_PLANE) {
      return super.preOutput(x, training, shape, gamma, beta, mean, var, decay, eps, format, workspaceMgr);
    }
    long n = x.size(0);
    long channels = x.size(1);
    long plane = x.size(2) * x.size(3);
    if (batchMean == null || batchMean.length() != channels) {
      try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        batchMean = Nd4j.create(DataType.FLOAT, channels);
        batchVar = Nd4j.create(DataType.FLOAT, channels);
      }
      setCache(MEAN_CACHE, batchMean);
      setCache(VAR_CACHE, batchVar);
    }
    x.mean(batchMean, 0, 2, 3);
    INDArray centred = x.reshape('c', n, channels, plane).sub(batchMean.reshape(1, channels, 1));
    batchVar.assign(Nd4j.exec(new SquaredNorm(centred, 2)).sum(0).divi((double) n * plane));
    return super.preOutput(x, false, shape, gamma, beta, batchMean, batchVar, decay, eps, format, workspaceMgr);
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
