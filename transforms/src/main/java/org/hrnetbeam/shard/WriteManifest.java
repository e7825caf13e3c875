package org.hrnetbeam.shard;

import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.hrnetbeam.ingest.DeadLetter;
import org.hrnetbeam.remap.DatasetStats;
import org.hrnetbeam.remap.LabelStats;
import org.hrnetbeam.remap.SumLabelStats;

/**
 * Gathers the written shards, the label statistics and the dead letters of a run into
 * manifest.json and deadletter.jsonl ({@link ManifestWriter}); outputs the run's summary line.
 * Input: a tuple with {@link #SHARDS}, {@link #STATS} and {@link #DEAD_LETTERS}.
 */
public final class WriteManifest extends PTransform<PCollectionTuple, PCollection<String>> {
  public static final TupleTag<ShardInfo> SHARDS = new TupleTag<>() {};
  public static final TupleTag<LabelStats> STATS = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private final ManifestContext context;

  private WriteManifest(ManifestContext context) {
    this.context = context;
  }

  public static WriteManifest with(ManifestContext context) {
    return new WriteManifest(context);
  }

  @Override
  public PCollection<String> expand(PCollectionTuple input) {
    PCollectionView<List<ShardInfo>> shards = input.get(SHARDS)
        .apply("CollectShards", Combine.globally(new CollectToList<ShardInfo>()).asSingletonView());
    PCollectionView<DatasetStats> stats = input.get(STATS)
        .apply("SumLabelStats", Combine.globally(new SumLabelStats()).asSingletonView());
    PCollectionView<List<DeadLetter>> dead = input.get(DEAD_LETTERS)
        .apply("CollectDeadLetters", Combine.globally(new CollectToList<DeadLetter>()).asSingletonView());
    return input.getPipeline()
        .apply("Once", Create.of("manifest"))
        .apply("WriteManifestFiles", ParDo.of(new WriteFn(context, shards, stats, dead)).withSideInputs(shards, stats, dead))
        .setCoder(StringUtf8Coder.of());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("shardDir", context.shardDir()));
  }

  private static final class WriteFn extends DoFn<String, String> {
    private final ManifestContext context;
    private final PCollectionView<List<ShardInfo>> shards;
    private final PCollectionView<DatasetStats> stats;
    private final PCollectionView<List<DeadLetter>> dead;

    WriteFn(ManifestContext context, PCollectionView<List<ShardInfo>> shards, PCollectionView<DatasetStats> stats,
        PCollectionView<List<DeadLetter>> dead) {
      this.context = context;
      this.shards = shards;
      this.stats = stats;
      this.dead = dead;
    }

    @ProcessElement
    public void process(ProcessContext c) throws IOException {
      c.output(ManifestWriter.write(context, c.sideInput(shards), c.sideInput(stats), c.sideInput(dead)));
    }
  }
}
