package org.hrnetbeam.data;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One worker's batch.
 *
 * @param images float32 [N, 3, H, W], normalised
 * @param labels int32 [N, h, w], with TRAIN.IGNORE_LABEL for ignored pixels
 * @param sampleIds "id#copy" of each sample, in batch order (for logs and reproducibility checks)
 * @param waitNanos how long the trainer waited for this batch (0 when it was ready): the
 *     reference's "data time"
 */
public record Batch(INDArray images, INDArray labels, List<String> sampleIds, long waitNanos) {
  public Batch {
    sampleIds = List.copyOf(sampleIds);
  }

  public int size() {
    return sampleIds.size();
  }

  Batch withWait(long nanos) {
    return new Batch(images, labels, sampleIds, nanos);
  }
}
