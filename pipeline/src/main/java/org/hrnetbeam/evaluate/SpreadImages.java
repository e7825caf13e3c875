package org.hrnetbeam.evaluate;

import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.hrnetbeam.records.SampleRecord;

/**
 * Spreads the records read shard by shard over the scoring workers. On DirectRunner the records go
 * to as many random keys as it runs threads ({@code --targetParallelism}), because it makes a bundle
 * of each key's records and pays about 10 ms per bundle and transform (it re-translates and
 * re-deserialises each DoFn): with a key per image, that was 5% of a CamVid-size forward pass. Other
 * runners (Flink) keep a random key per image, which spreads the images evenly over any number of
 * workers.
 */
final class SpreadImages extends PTransform<PCollection<SampleRecord>, PCollection<SampleRecord>> {
  private final Integer buckets;

  private SpreadImages(Integer buckets) {
    this.buckets = buckets;
  }

  /** The spreading that suits the runner of {@code options}. */
  static SpreadImages forRunner(PipelineOptions options) {
    if (DirectRunner.class.equals(options.getRunner())) {
      return new SpreadImages(Math.max(1, options.as(DirectOptions.class).getTargetParallelism()));
    }
    return new SpreadImages(null);
  }

  @Override
  public PCollection<SampleRecord> expand(PCollection<SampleRecord> records) {
    Reshuffle.ViaRandomKey<SampleRecord> reshuffle = Reshuffle.viaRandomKey();
    return records.apply("Reshuffle", buckets == null ? reshuffle : reshuffle.withNumBuckets(buckets));
  }
}
