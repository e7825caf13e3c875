package org.hrnetbeam.prepare;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.hrnetbeam.ingest.SampleRef;

/**
 * Hands the listed samples to the workers in groups of about {@link #SAMPLES_PER_GROUP}: sample i
 * goes to group i mod G. Output: one element per group, (group number, its samples). A group is
 * the unit of work (one bundle on DirectRunner).
 *
 * <p>Why not {@code Reshuffle.viaRandomKey()}: it gives every sample its own key, and DirectRunner
 * then runs every later step once per sample as its own bundle, with a fixed cost per bundle (the
 * ParDo's translation, watermark bookkeeping, and a copy of the growing per-shard buffers in the
 * shard grouping). Groups of a few samples cut those costs while still leaving enough groups to
 * keep every worker busy and the last one short. The groups go out as they are, not one sample at a
 * time: an ungrouping step of its own cost DirectRunner one more bundle per group (the consumer,
 * {@link MakeShardRecords}, walks the group). The output order does not matter: shards are sorted
 * by sample id.
 */
public final class SpreadSamples extends PTransform<PBegin, PCollection<KV<Integer, Iterable<SampleRef>>>> {
  /** Samples per group: small enough that the last group on one core does not keep the other idle. */
  static final int SAMPLES_PER_GROUP = 4;

  private final List<SampleRef> samples;

  private SpreadSamples(List<SampleRef> samples) {
    this.samples = List.copyOf(samples);
  }

  public static SpreadSamples of(List<SampleRef> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples to spread");
    }
    return new SpreadSamples(samples);
  }

  /** Number of groups for n samples: ceil(n / SAMPLES_PER_GROUP). */
  static int groupsFor(int n) {
    return (n + SAMPLES_PER_GROUP - 1) / SAMPLES_PER_GROUP;
  }

  @Override
  public PCollection<KV<Integer, Iterable<SampleRef>>> expand(PBegin begin) {
    int groups = groupsFor(samples.size());
    List<KV<Integer, SampleRef>> keyed = new ArrayList<>(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      keyed.add(KV.of(i % groups, samples.get(i)));
    }
    return begin
        .apply("ListSamples", Create.of(keyed)
            .withCoder(KvCoder.of(VarIntCoder.of(), SerializableCoder.of(SampleRef.class))))
        .apply("GroupSamples", GroupByKey.create());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("samples", samples.size()))
        .add(DisplayData.item("groups", groupsFor(samples.size())));
  }
}
