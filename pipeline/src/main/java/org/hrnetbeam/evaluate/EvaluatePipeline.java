package org.hrnetbeam.evaluate;

import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.records.SampleRecord;

/**
 * The evaluation stage as one Beam pipeline: {@link ReadValRecords} → spread over workers →
 * {@link ScoreImages} → {@link SumConfusion} → {@link WriteTally}; beside it, {@link ChoosePictures}
 * picks the pictured ids from the records as read (a side input of the scoring), and the few
 * pictures the scoring makes go to {@link WritePictures}.
 */
public final class EvaluatePipeline {
  private EvaluatePipeline() {}

  /** Adds the stage to {@code p}. */
  public static void build(Pipeline p, EvaluationSettings s, ExperimentConfig config) {
    PCollection<SampleRecord> read = p.apply("ReadValRecords", ReadValRecords.from(s.valShards(), s.gzip()));
    PCollectionView<List<String>> pictureIds = s.pictures() > 0
        ? read.apply("ChoosePictures", new ChoosePictures(s.pictures())) : null;
    PCollectionTuple scored = read
        .apply("SpreadImages", SpreadImages.forRunner(p.getOptions()))
        .apply("ScoreImages", ScoreImages.with(config, s, pictureIds));
    scored.get(ScoreImages.SCORES)
        .apply("SumConfusion", Combine.globally(new SumConfusion(s.numClasses(), s.ignoreLabel())))
        .apply("WriteConfusion", ParDo.of(new WriteTally(s.evaluationDir(), s.labelMap())));
    if (s.pictures() > 0) {
      // At most PIPELINE.EVAL_PICTURES elements arrive here; Top gathers them into one list.
      scored.get(ScoreImages.PICTURES)
          .apply("GatherPictures", Top.of(s.pictures(), new PictureOrder.OfPictures()))
          .apply("WritePictures", ParDo.of(new WritePictures(s.evaluationDir())));
    }
  }
}
