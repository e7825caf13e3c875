package org.hrnetbeam.model.onednn;

import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.nd4j.linalg.api.buffer.DataType;

/** DL4J's oneDNN batch-norm helper with the availability check fixed, as {@link OneDnnConvHelper}. */
final class OneDnnBatchNormHelper extends MKLDNNBatchNormHelper {
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
}
