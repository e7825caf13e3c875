package org.hrnetbeam.evaluate;

import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.data.NormalizedSample;
import org.hrnetbeam.data.SampleNormalizer;
import org.hrnetbeam.imageio.LabelImage;
import org.hrnetbeam.imageio.PngWriter;
import org.hrnetbeam.inference.InferenceSettings;
import org.hrnetbeam.inference.MultiScaleInference;
import org.hrnetbeam.inference.Planes;
import org.hrnetbeam.metrics.ConfusionMatrix;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.records.SampleRecord;

/**
 * One val record → its confusion matrix, with no Beam types (one instance per thread: it keeps the
 * forward time of the image being scored): decode and normalise as training does
 * ({@link SampleNormalizer}), predict by the reference's test rules ({@link MultiScaleInference} with
 * TEST.SCALE_LIST, FLIP_TEST, BASE_SIZE, IMAGE_SIZE), count against the ground truth.
 */
public final class ImageScorer {
  private final SampleNormalizer normalizer;
  private final MultiScaleInference inference;
  private final int numClasses;
  private final int ignoreLabel;
  private long forwardNanos;

  /** The prediction and counts of one image; {@code forwardNanos}: time spent in the model's forward passes. */
  public record Scored(int width, int height, int[] prediction, ConfusionMatrix confusion, long forwardNanos) {
    /** The picture of this image: the record's PNGs and the prediction as a class-index PNG. */
    public PictureSample picture(SampleRecord record) {
      byte[] png = new PngWriter(1).encode(new LabelImage(width, height, prediction));
      return new PictureSample(record.sampleId(), record.imagePng(), record.labelPng(), png);
    }
  }

  /** @param shardIgnore the ignore value inside the shards (manifest labels.ignore) */
  public ImageScorer(ExperimentConfig config, HrnetModel model, int shardIgnore) {
    this.numClasses = config.getInt("DATASET.NUM_CLASSES");
    this.ignoreLabel = config.getInt("TRAIN.IGNORE_LABEL");
    this.normalizer = new SampleNormalizer(shardIgnore, ignoreLabel);
    this.inference = new MultiScaleInference(InferenceSettings.from(config), input -> {
      long start = System.nanoTime();
      org.nd4j.linalg.api.ndarray.INDArray logits = model.logits(input);
      forwardNanos += System.nanoTime() - start;
      return logits;
    });
  }

  public Scored score(SampleRecord record) {
    NormalizedSample sample = normalizer.normalize(record, "val");
    if (sample.labelWidth() != sample.width() || sample.labelHeight() != sample.height()) {
      throw new IllegalArgumentException("val record " + record.sampleId() + ": label is " + sample.labelWidth() + "x"
          + sample.labelHeight() + " but the image is " + sample.width() + "x" + sample.height()
          + "; evaluation needs full-resolution labels");
    }
    forwardNanos = 0;
    int[] predicted = inference.predict(Planes.wrap(3, sample.height(), sample.width(), sample.chw()));
    ConfusionMatrix confusion = new ConfusionMatrix(numClasses, ignoreLabel);
    try {
      confusion.add(predicted, sample.labels());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("val record " + record.sampleId() + ": " + e.getMessage(), e);
    }
    return new Scored(sample.width(), sample.height(), predicted, confusion, forwardNanos);
  }
}
