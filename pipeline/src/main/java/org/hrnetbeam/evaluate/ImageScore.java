package org.hrnetbeam.evaluate;

import java.io.Serializable;
import org.hrnetbeam.metrics.ConfusionMatrix;

/**
 * One validation image's result: its confusion matrix, and its id so the val set's identity can be
 * computed from the images actually evaluated.
 */
public record ImageScore(String sampleId, ConfusionMatrix confusion) implements Serializable {
  private static final long serialVersionUID = 1L;
}
