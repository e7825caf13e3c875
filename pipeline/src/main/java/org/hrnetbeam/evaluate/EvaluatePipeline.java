package org.hrnetbeam.evaluate;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.records.SampleRecord;

/**
 * The evaluation stage as one Beam pipeline: {@link ReadValRecords} → {@link ScoreImages} →
 * {@link SumConfusion} → {@link WriteTally}, and beside it {@code Top} of the pictures by
 * {@link PictureOrder} → {@link WritePictures}.
 */
public final class EvaluatePipeline {
  private EvaluatePipeline() {}

  /** Adds the stage to {@code p}. */
  public static void build(Pipeline p, EvaluationSettings s, ExperimentConfig config) {
    PCollection<SampleRecord> records = p.apply("ReadValRecords", ReadValRecords.from(s.valShards(), s.gzip()));
    PCollectionTuple scored = records.apply("ScoreImages", ScoreImages.with(config, s));
    scored.get(ScoreImages.SCORES)
        .apply("SumConfusion", Combine.globally(new SumConfusion(s.numClasses(), s.ignoreLabel())))
        .apply("WriteConfusion", ParDo.of(new WriteTally(s.evaluationDir(), s.labelMap())));
    if (s.pictures() > 0) {
      scored.get(ScoreImages.PICTURES)
          .apply("KeepPictures", Top.of(s.pictures(), new PictureOrder()))
          .apply("WritePictures", ParDo.of(new WritePictures(s.evaluationDir())));
    }
  }
}
