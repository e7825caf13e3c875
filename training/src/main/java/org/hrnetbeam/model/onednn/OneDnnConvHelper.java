package org.hrnetbeam.model.onednn;

import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * DL4J's own oneDNN convolution helper, unchanged except for its availability check, which in M2.1
 * asks a method nd4j-native renamed ({@code isUseMKLDNN} → {@code isUseONEDNN}) on a class that moved,
 * and so always answers "unsupported". {@link OneDnnHelpers} checks availability itself before installing.
 */
final class OneDnnConvHelper extends MKLDNNConvHelper {
  OneDnnConvHelper(DataType dataType) {
    super(dataType);
  }

  @Override
  public boolean checkSupported() {
    return true;
  }
}
