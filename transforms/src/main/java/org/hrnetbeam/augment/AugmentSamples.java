package org.hrnetbeam.augment;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.hrnetbeam.ingest.DeadLetter;
import org.hrnetbeam.ingest.DecodedSample;
import org.hrnetbeam.ingest.Split;
import org.hrnetbeam.records.SampleRecord;

/**
 * Generates the shard records of every sample ({@link RecordMaker}): K augmented copies per
 * training (and extra) image, validation as is. Output: (split, record) on {@link #RECORDS};
 * a sample whose generation fails goes to {@link #DEAD_LETTERS} with stage "augment".
 */
public final class AugmentSamples extends PTransform<PCollection<DecodedSample>, PCollectionTuple> {
  public static final TupleTag<KV<String, SampleRecord>> RECORDS = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private final AugmentSettings settings;
  private final int copies;
  private final long seed;
  private final int pngLevel;

  private AugmentSamples(AugmentSettings settings, int copies, long seed, int pngLevel) {
    this.settings = settings;
    this.copies = copies;
    this.seed = seed;
    this.pngLevel = pngLevel;
  }

  /**
   * @param copies PIPELINE.AUGMENT_COPIES: records per training image, at least 1
   * @param seed the run's seed; every draw derives from (seed, sample id, copy)
   * @param pngLevel deflate level of the PNGs in the records, 0..9
   */
  public static AugmentSamples with(AugmentSettings settings, int copies, long seed, int pngLevel) {
    if (copies < 1) {
      throw new IllegalArgumentException("PIPELINE.AUGMENT_COPIES must be >= 1, got " + copies);
    }
    if (pngLevel < 0 || pngLevel > 9) {
      throw new IllegalArgumentException("PIPELINE.PNG_LEVEL must be 0..9, got " + pngLevel);
    }
    return new AugmentSamples(settings, copies, seed, pngLevel);
  }

  @Override
  public PCollectionTuple expand(PCollection<DecodedSample> samples) {
    PCollectionTuple out = samples.apply("GenerateRecords",
        ParDo.of(new AugmentFn(settings, copies, seed, pngLevel)).withOutputTags(RECORDS, TupleTagList.of(DEAD_LETTERS)));
    out.get(RECORDS).setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(SampleRecord.class)));
    out.get(DEAD_LETTERS).setCoder(SerializableCoder.of(DeadLetter.class));
    return out;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("copies", copies)).add(DisplayData.item("seed", seed))
        .add(DisplayData.item("pngLevel", pngLevel)).add(DisplayData.item("settings", settings.toString()));
  }

  private static final class AugmentFn extends DoFn<DecodedSample, KV<String, SampleRecord>> {
    private final AugmentSettings settings;
    private final int copies;
    private final long seed;
    private final int pngLevel;
    private final Counter written = Metrics.counter(AugmentSamples.class, "records");
    private transient RecordMaker maker;

    AugmentFn(AugmentSettings settings, int copies, long seed, int pngLevel) {
      this.settings = settings;
      this.copies = copies;
      this.seed = seed;
      this.pngLevel = pngLevel;
    }

    @Setup
    public void setup() {
      maker = new RecordMaker(settings, seed, pngLevel);
    }

    @ProcessElement
    public void process(@Element DecodedSample sample, MultiOutputReceiver out) {
      Split split = Split.fromPrefix(sample.ref().split());
      int n = RecordMaker.copiesOf(split, copies);
      SampleRecord[] records = new SampleRecord[n];
      try {
        for (int copy = 0; copy < n; copy++) {
          records[copy] = maker.make(sample, split, copy);
        }
      } catch (RuntimeException e) {
        // Nothing of a failed sample reaches a shard: all copies or none.
        Metrics.counter(AugmentSamples.class, "rejected_augment_failed").inc();
        out.get(DEAD_LETTERS).output(new DeadLetter(sample.ref().image(), "augment_failed", "augment", e.toString()));
        return;
      }
      for (SampleRecord r : records) {
        out.get(RECORDS).output(KV.of(split.prefix(), r));
        written.inc();
      }
    }
  }
}
