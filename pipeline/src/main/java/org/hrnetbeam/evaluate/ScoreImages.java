package org.hrnetbeam.evaluate;

import java.io.IOException;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.records.SampleRecord;
import org.hrnetbeam.report.TrainedModel;

/**
 * Runs the model on every val record: {@link ImageScorer} per image, giving an {@link ImageScore}
 * under {@link #SCORES} and, when pictures are wanted, a {@link PictureSample} under
 * {@link #PICTURES} (only a few of them survive the later {@code Top}).
 *
 * <p>The model is loaded in {@code @Setup}, so once per DoFn instance, which runners reuse across
 * bundles. It is not shared across instances in one JVM: a DL4J graph's forward pass keeps per-call
 * state and is not safe to run from two threads at once.
 */
public final class ScoreImages extends PTransform<PCollection<SampleRecord>, PCollectionTuple> {
  public static final TupleTag<ImageScore> SCORES = new TupleTag<>() {};
  public static final TupleTag<PictureSample> PICTURES = new TupleTag<>() {};
  /** Counter: microseconds spent in the model's forward passes, over all images. */
  public static final String FORWARD_MICROS = "forward-micros";
  /** Counter: microseconds spent scoring images (decode, inference, counting, picture), forward included. */
  public static final String SCORING_MICROS = "scoring-micros";

  private final ExperimentConfig config;
  private final EvaluationSettings settings;

  private ScoreImages(ExperimentConfig config, EvaluationSettings settings) {
    this.config = config;
    this.settings = settings;
  }

  public static ScoreImages with(ExperimentConfig config, EvaluationSettings settings) {
    return new ScoreImages(config, settings);
  }

  @Override
  public PCollectionTuple expand(PCollection<SampleRecord> records) {
    PCollectionTuple out = records.apply("Score", ParDo.of(new ScoreFn(config, settings))
        .withOutputTags(SCORES, TupleTagList.of(PICTURES)));
    out.get(SCORES).setCoder(SerializableCoder.of(ImageScore.class));
    out.get(PICTURES).setCoder(SerializableCoder.of(PictureSample.class));
    return out;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("model", settings.model()))
        .add(DisplayData.item("scales", String.valueOf(config.getDoubleList("TEST.SCALE_LIST"))))
        .add(DisplayData.item("flip", config.getBoolean("TEST.FLIP_TEST")))
        .add(DisplayData.item("pictures", settings.pictures()));
  }

  private static final class ScoreFn extends DoFn<SampleRecord, ImageScore> {
    private final ExperimentConfig config;
    private final EvaluationSettings settings;
    private final Counter images = Metrics.counter(ScoreImages.class, "images");
    private final Counter forwardMicros = Metrics.counter(ScoreImages.class, FORWARD_MICROS);
    private final Counter scoringMicros = Metrics.counter(ScoreImages.class, SCORING_MICROS);
    private transient ImageScorer scorer;

    ScoreFn(ExperimentConfig config, EvaluationSettings settings) {
      this.config = config;
      this.settings = settings;
    }

    @Setup
    public void setup() throws IOException {
      scorer = new ImageScorer(config, TrainedModel.load(config, settings.model()), settings.shardIgnore());
    }

    @ProcessElement
    public void process(@Element SampleRecord record, MultiOutputReceiver out) {
      long start = System.nanoTime();
      ImageScorer.Scored scored = scorer.score(record);
      ImageScore score = new ImageScore(record.sampleId(), scored.confusion());
      PictureSample picture = settings.pictures() > 0 ? scored.picture(record) : null;
      scoringMicros.inc((System.nanoTime() - start) / 1000);
      forwardMicros.inc(scored.forwardNanos() / 1000);
      images.inc();
      out.get(SCORES).output(score);
      if (picture != null) {
        out.get(PICTURES).output(picture);
      }
    }
  }
}
