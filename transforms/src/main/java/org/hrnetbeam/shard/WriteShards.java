package org.hrnetbeam.shard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.hrnetbeam.records.ExampleCodec;
import org.hrnetbeam.records.SampleRecord;
import org.hrnetbeam.storage.Storage;

/**
 * Writes serialized tf.train.Examples, keyed by shard ({@link #assign}), as TFRecord shards.
 *
 * <p>Beam's own sharded writes assign records to shards at random and in arrival order; here a
 * record's shard is a hash of (seed, sample id, copy) and each shard is sorted by (id, copy)
 * before it is written, so the files are byte-identical across runners, parallelism and reruns.
 * The price: one shard's records are held in memory while it is written (choose NUM_SHARDS so a
 * shard stays within a few hundred MB). Until then each bundle's records wait in piece files
 * ({@link ShardPieces}, deleted once merged) and only their descriptions go through the grouping.
 * Output: one {@link ShardInfo} per non-empty shard.
 *
 * <p>The keys are made where the records are (by {@link #assign}, in the step that makes them)
 * rather than in a ParDo of their own here: on DirectRunner every ParDo is one more pass of
 * per-bundle costs over multi-megabyte records.
 */
public final class WriteShards extends PTransform<PCollection<KV<String, KeyedExample>>, PCollection<ShardInfo>> {
  private final String shardDir;
  private final int numShards;
  private final boolean gzip;

  private WriteShards(String shardDir, int numShards, boolean gzip) {
    this.shardDir = shardDir;
    this.numShards = numShards;
    this.gzip = gzip;
  }

  /**
   * @param shardDir folder of the shards, local or gs://
   * @param numShards PIPELINE.NUM_SHARDS, files per split (the same number given to {@link #assign})
   * @param gzip PIPELINE.COMPRESSION == gzip
   */
  public static WriteShards to(String shardDir, int numShards, boolean gzip) {
    if (numShards < 1) {
      throw new IllegalArgumentException("PIPELINE.NUM_SHARDS must be >= 1, got " + numShards);
    }
    if (shardDir.isBlank()) {
      throw new IllegalArgumentException("shard folder must not be empty");
    }
    return new WriteShards(shardDir, numShards, gzip);
  }

  /**
   * The input element of this transform for record {@code r} of {@code split}: its shard's key and
   * the serialized Example with the key that orders it inside the shard.
   *
   * @param seed the run's seed (shard assignment: {@link ShardAssigner})
   * @param numShards PIPELINE.NUM_SHARDS
   */
  public static KV<String, KeyedExample> assign(String split, SampleRecord r, long seed, int numShards) {
    int shard = ShardAssigner.shardOf(seed, r.sampleId(), r.copy(), numShards);
    return KV.of(shardKey(split, shard), new KeyedExample(sortKey(r), ExampleCodec.encode(r)));
  }

  @Override
  public PCollection<ShardInfo> expand(PCollection<KV<String, KeyedExample>> records) {
    if (!(records.getWindowingStrategy().getWindowFn() instanceof GlobalWindows)) {
      throw new IllegalArgumentException("WriteShards needs records in the global window, got "
          + records.getWindowingStrategy().getWindowFn());
    }
    return records
        .apply("StagePieces", ParDo.of(new StagePiecesFn(shardDir)))
        .setCoder(PIECE_CODER)
        .apply("WritePieces", fromPieces(shardDir, numShards, gzip));
  }

  /** The coder of staged pieces keyed by shard, for a step that stages them itself ({@link PieceStager}). */
  public static final KvCoder<String, ShardPiece> PIECE_CODER =
      KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(ShardPiece.class));

  /**
   * The second half of this transform, for a step that staged its records itself with a
   * {@link PieceStager} (prepare's {@code MakeShardRecords} does, so that records go to disk as each
   * bundle ends instead of waiting, all of them, for a staging step DirectRunner runs last): groups
   * the pieces by shard and writes each shard. Same files as {@link #to}.
   */
  public static PTransform<PCollection<KV<String, ShardPiece>>, PCollection<ShardInfo>> fromPieces(String shardDir,
      int numShards, boolean gzip) {
    return new WritePieces(to(shardDir, numShards, gzip));
  }

  /** Groups staged pieces by shard and writes each shard file. */
  private static final class WritePieces extends PTransform<PCollection<KV<String, ShardPiece>>, PCollection<ShardInfo>> {
    private final WriteShards spec;

    WritePieces(WriteShards spec) {
      this.spec = spec;
    }

    @Override
    public PCollection<ShardInfo> expand(PCollection<KV<String, ShardPiece>> pieces) {
      return pieces
          .apply("GroupByShard", GroupByKey.create())
          .apply("WriteShardFile", ParDo.of(new WriteFn(spec.shardDir, spec.numShards, spec.gzip)))
          .setCoder(SerializableCoder.of(ShardInfo.class));
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      spec.populateDisplayData(builder);
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("shardDir", shardDir)).add(DisplayData.item("numShards", numShards))
        .add(DisplayData.item("gzip", gzip));
  }

  /** The key of a shard: "split/index". */
  static String shardKey(String split, int shard) {
    return split + "/" + shard;
  }

  /** Sort key inside a shard: sample id, then copy (zero-padded so text order = number order). */
  static String sortKey(SampleRecord r) {
    return r.sampleId() + "\u0000" + String.format("%06d", r.copy());
  }

  /** Writes each bundle's records of each shard as one piece file ({@link ShardPieces}). */
  private static final class StagePiecesFn extends DoFn<KV<String, KeyedExample>, KV<String, ShardPiece>> {
    private final String shardDir;
    private transient PieceStager stager;

    StagePiecesFn(String shardDir) {
      this.shardDir = shardDir;
    }

    @StartBundle
    public void startBundle() {
      stager = new PieceStager(shardDir);
    }

    @ProcessElement
    public void process(@Element KV<String, KeyedExample> record) {
      stager.add(record);
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext c) throws IOException {
      for (KV<String, ShardPiece> piece : stager.writePieces()) {
        c.output(piece, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
      stager = null;
    }
  }

  private static final class WriteFn extends DoFn<KV<String, Iterable<ShardPiece>>, ShardInfo> {
    private final String shardDir;
    private final int numShards;
    private final boolean gzip;

    WriteFn(String shardDir, int numShards, boolean gzip) {
      this.shardDir = shardDir;
      this.numShards = numShards;
      this.gzip = gzip;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<ShardPiece>> shard, OutputReceiver<ShardInfo> out)
        throws IOException {
      String key = shard.getKey();
      String split = key.substring(0, key.lastIndexOf('/'));
      int index = Integer.parseInt(key.substring(key.lastIndexOf('/') + 1));
      // Read twice (merge, then delete): Flink's grouped values can be iterated only once.
      List<ShardPiece> pieces = new ArrayList<>();
      shard.getValue().forEach(pieces::add);
      List<byte[]> records = ShardPieces.readSorted(pieces);
      String name = ShardName.of(split, index, numShards, gzip);
      long bytes = ShardFileWriter.write(Storage.path(shardDir).resolve(name), records, gzip);
      ShardPieces.delete(pieces);
      Metrics.counter(WriteShards.class, "shards_written").inc();
      out.output(new ShardInfo(split, name, records.size(), bytes));
    }
  }
}
