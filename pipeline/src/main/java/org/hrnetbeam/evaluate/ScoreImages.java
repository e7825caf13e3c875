package org.hrnetbeam.evaluate;

import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.records.SampleRecord;
import org.hrnetbeam.report.TrainedModel;

/**
 * Runs the model on every val record: {@link ImageScorer} per image, giving an {@link ImageScore}
 * under {@link #SCORES} and, for the images {@link ChoosePictures} picked (a side input), a
 * {@link PictureSample} under {@link #PICTURES}. Only those few make a prediction PNG: carrying
 * every image's PNGs to a later choice cost Beam's DirectRunner a copy of all pictures so far per
 * image (its grouping state is copied through the coder on every bundle).
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
  private final PCollectionView<List<String>> pictureIds;

  private ScoreImages(ExperimentConfig config, EvaluationSettings settings, PCollectionView<List<String>> pictureIds) {
    this.config = config;
    this.settings = settings;
    this.pictureIds = pictureIds;
  }

  /** @param pictureIds the ids to picture ({@link ChoosePictures}); null when no pictures are wanted */
  public static ScoreImages with(ExperimentConfig config, EvaluationSettings settings,
      PCollectionView<List<String>> pictureIds) {
    return new ScoreImages(config, settings, pictureIds);
  }

  @Override
  public PCollectionTuple expand(PCollection<SampleRecord> records) {
    ParDo.MultiOutput<SampleRecord, ImageScore> score = ParDo.of(new ScoreFn(config, settings, pictureIds))
        .withOutputTags(SCORES, TupleTagList.of(PICTURES));
    PCollectionTuple out = records.apply("Score", pictureIds == null ? score : score.withSideInputs(pictureIds));
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
    private final PCollectionView<List<String>> pictureIds;
    private final Counter images = Metrics.counter(ScoreImages.class, "images");
    private final Counter forwardMicros = Metrics.counter(ScoreImages.class, FORWARD_MICROS);
    private final Counter scoringMicros = Metrics.counter(ScoreImages.class, SCORING_MICROS);
    private transient ImageScorer scorer;

    ScoreFn(ExperimentConfig config, EvaluationSettings settings, PCollectionView<List<String>> pictureIds) {
      this.config = config;
      this.settings = settings;
      this.pictureIds = pictureIds;
    }

    @Setup
    public void setup() throws IOException {
      scorer = new ImageScorer(config, TrainedModel.load(config, settings.model()), settings.shardIgnore());
    }

    @ProcessElement
    public void process(ProcessContext c) {
      SampleRecord record = c.element();
      long start = System.nanoTime();
      ImageScorer.Scored scored = scorer.score(record);
      ImageScore score = new ImageScore(record.sampleId(), scored.confusion());
      boolean pictured = pictureIds != null && c.sideInput(pictureIds).contains(record.sampleId());
      PictureSample picture = pictured ? scored.picture(record) : null;
      scoringMicros.inc((System.nanoTime() - start) / 1000);
      forwardMicros.inc(scored.forwardNanos() / 1000);
      images.inc();
      c.output(score);
      if (picture != null) {
        c.output(PICTURES, picture);
      }
    }
  }
}
