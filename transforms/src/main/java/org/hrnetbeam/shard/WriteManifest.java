package org.hrnetbeam.shard;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.hrnetbeam.ingest.DeadLetter;
import org.hrnetbeam.remap.DatasetStats;
import org.hrnetbeam.remap.LabelStats;

/**
 * Gathers the written shards, the label statistics and the dead letters of a run into
 * manifest.json and deadletter.jsonl ({@link ManifestWriter}); outputs the run's summary line.
 * Input: a tuple with {@link #SHARDS}, {@link #STATS} and {@link #DEAD_LETTERS}.
 *
 * <p>The three collections are flattened under one key and grouped once, and a single step writes
 * the files. Why not a {@code Combine.globally(..).asSingletonView()} per input and side inputs:
 * each of those expands to about ten primitive steps (keys, grouping, default insertion, view
 * materialisation), and DirectRunner pays for every step on each bundle it schedules and in its
 * watermark bookkeeping, which made up a noticeable part of a short run's fixed cost. The group
 * is never empty: every listed sample gives either label statistics or a dead letter.
 */
public final class WriteManifest extends PTransform<PCollectionTuple, PCollection<String>> {
  public static final TupleTag<ShardInfo> SHARDS = new TupleTag<>() {};
  public static final TupleTag<LabelStats> STATS = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  /** The one key all manifest inputs are grouped under. */
  private static final String KEY = "manifest";

  private final ManifestContext context;

  private WriteManifest(ManifestContext context) {
    this.context = context;
  }

  public static WriteManifest with(ManifestContext context) {
    return new WriteManifest(context);
  }

  @Override
  public PCollection<String> expand(PCollectionTuple input) {
    KvCoder<String, Part> coder = KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(Part.class));
    PCollection<KV<String, Part>> shards = input.get(SHARDS)
        .apply("KeyShards", ParDo.of(new ToPartFn<ShardInfo>())).setCoder(coder);
    PCollection<KV<String, Part>> stats = input.get(STATS)
        .apply("KeyLabelStats", ParDo.of(new ToPartFn<LabelStats>())).setCoder(coder);
    PCollection<KV<String, Part>> dead = input.get(DEAD_LETTERS)
        .apply("KeyDeadLetters", ParDo.of(new ToPartFn<DeadLetter>())).setCoder(coder);
    return PCollectionList.of(shards).and(stats).and(dead)
        .apply("AllParts", Flatten.pCollections())
        .apply("GatherParts", GroupByKey.create())
        .apply("WriteManifestFiles", ParDo.of(new WriteFn(context)))
        .setCoder(StringUtf8Coder.of());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("shardDir", context.shardDir()));
  }

  /** One input of the manifest: exactly one of a written shard, a sample's statistics, a dead letter. */
  record Part(ShardInfo shard, LabelStats stats, DeadLetter deadLetter) implements Serializable {
    private static final long serialVersionUID = 1L;

    static Part of(Object element) {
      if (element instanceof ShardInfo s) {
        return new Part(s, null, null);
      }
      if (element instanceof LabelStats s) {
        return new Part(null, s, null);
      }
      if (element instanceof DeadLetter d) {
        return new Part(null, null, d);
      }
      throw new IllegalArgumentException("not a manifest input: " + element);
    }
  }

  private static final class ToPartFn<T> extends DoFn<T, KV<String, Part>> {
    @ProcessElement
    public void process(@Element T element, OutputReceiver<KV<String, Part>> out) {
      out.output(KV.of(KEY, Part.of(element)));
    }
  }

  private static final class WriteFn extends DoFn<KV<String, Iterable<Part>>, String> {
    private final ManifestContext context;

    WriteFn(ManifestContext context) {
      this.context = context;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<Part>> parts, OutputReceiver<String> out) throws IOException {
      List<ShardInfo> shards = new ArrayList<>();
      DatasetStats stats = new DatasetStats();
      List<DeadLetter> dead = new ArrayList<>();
      for (Part p : parts.getValue()) {
        if (p.shard() != null) {
          shards.add(p.shard());
        } else if (p.stats() != null) {
          stats.add(p.stats());
        } else {
          dead.add(p.deadLetter());
        }
      }
      out.output(ManifestWriter.write(context, shards, stats, dead));
    }
  }
}
