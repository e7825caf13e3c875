package org.hrnetbeam.ingest;

import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads and decodes every sample ({@link SampleReader}); a sample that cannot be read goes to
 * {@link #DEAD_LETTERS} and to the counter {@code ingest/rejected_<reason>}, never silently away.
 */
public final class ReadSamples extends PTransform<PCollection<SampleRef>, PCollectionTuple> {
  public static final TupleTag<DecodedSample> DECODED = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  public static ReadSamples create() {
    return new ReadSamples();
  }

  @Override
  public PCollectionTuple expand(PCollection<SampleRef> refs) {
    PCollectionTuple out = refs.apply("DecodeImageAndLabel",
        ParDo.of(new DecodeFn()).withOutputTags(DECODED, TupleTagList.of(DEAD_LETTERS)));
    out.get(DECODED).setCoder(SerializableCoder.of(DecodedSample.class));
    out.get(DEAD_LETTERS).setCoder(SerializableCoder.of(DeadLetter.class));
    return out;
  }

  private static final class DecodeFn extends DoFn<SampleRef, DecodedSample> {
    private final Counter read = Metrics.counter(ReadSamples.class, "read");

    @ProcessElement
    public void process(@Element SampleRef ref, MultiOutputReceiver out) {
      try {
        out.get(DECODED).output(SampleReader.read(ref));
        read.inc();
      } catch (SampleRejectedException e) {
        Metrics.counter(ReadSamples.class, "rejected_" + e.deadLetter().reason()).inc();
        out.get(DEAD_LETTERS).output(e.deadLetter());
      }
    }
  }
}
