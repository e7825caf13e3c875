package org.hrnetbeam.train;

import java.io.IOException;
import org.hrnetbeam.data.Batch;
import org.hrnetbeam.data.DataSettings;
import org.hrnetbeam.data.Prefetcher;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.data.TrainingData;
import org.hrnetbeam.inference.BatchPredictions;
import org.hrnetbeam.loss.SegmentationCriterion;
import org.hrnetbeam.metrics.ConfusionMatrix;
import org.hrnetbeam.model.HrnetModel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Validation during training, as the reference's {@code validate}: every val image once at full
 * size, eval-mode logits, the training criterion's loss averaged over images, and the confusion
 * matrix of the argmax of the upsampled logits; mIoU is the mean IoU over all classes.
 */
public final class Validation {
  private Validation() {
  }

  /** The loss and mIoU of one validation pass. */
  public record Result(double loss, double meanIou, long images) {
  }

  public static Result run(HrnetModel model, SegmentationCriterion criterion, ShardManifest manifest,
      DataSettings settings, int numClasses, int ignoreLabel) throws IOException {
    ConfusionMatrix confusion = new ConfusionMatrix(numClasses, ignoreLabel);
    double lossSum = 0;
    long batches = 0;
    long images = 0;
    boolean alignCorners = model.spec().alignCorners();
    try (Prefetcher reader = TrainingData.open(manifest, "val", settings, 0, 1, 0, Long.MAX_VALUE)) {
      while (reader.hasNext()) {
        Batch batch = reader.next();
        INDArray logits = model.logits(batch.images());
        INDArray labels = batch.labels();
        lossSum += criterion.compute(logits, labels).loss();
        batches++;
        int h = (int) labels.size(1);
        int w = (int) labels.size(2);
        int[][] predicted = BatchPredictions.labels(logits, h, w, alignCorners);
        int[] truth = labels.castTo(org.nd4j.linalg.api.buffer.DataType.INT).dup('c').data().asInt();
        for (int i = 0; i < predicted.length; i++) {
          confusion.add(predicted[i], java.util.Arrays.copyOfRange(truth, i * h * w, (i + 1) * h * w));
        }
        images += batch.size();
      }
    }
    if (batches == 0) {
      throw new IOException("validation split of " + manifest.dir() + " has no records");
    }
    return new Result(lossSum / batches, confusion.finish().meanIou(), images);
  }
}
