package org.hrnetbeam.shard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
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
 * shard stays within a few hundred MB). Output: one {@link ShardInfo} per non-empty shard.
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
    return records
        .apply("GroupByShard", GroupByKey.create())
        .apply("WriteShardFile", ParDo.of(new WriteFn(shardDir, numShards, gzip)))
        .setCoder(SerializableCoder.of(ShardInfo.class));
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

  private static final class WriteFn extends DoFn<KV<String, Iterable<KeyedExample>>, ShardInfo> {
    private final String shardDir;
    private final int numShards;
    private final boolean gzip;

    WriteFn(String shardDir, int numShards, boolean gzip) {
      this.shardDir = shardDir;
      this.numShards = numShards;
      this.gzip = gzip;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<KeyedExample>> shard, OutputReceiver<ShardInfo> out)
        throws IOException {
      String key = shard.getKey();
      String split = key.substring(0, key.lastIndexOf('/'));
      int index = Integer.parseInt(key.substring(key.lastIndexOf('/') + 1));
      List<KeyedExample> entries = new ArrayList<>();
      shard.getValue().forEach(entries::add);
      entries.sort(Comparator.comparing(KeyedExample::sortKey));
      List<byte[]> records = new ArrayList<>(entries.size());
      entries.forEach(e -> records.add(e.example()));
      String name = ShardName.of(split, index, numShards, gzip);
      long bytes = ShardFileWriter.write(Storage.path(shardDir).resolve(name), records, gzip);
      Metrics.counter(WriteShards.class, "shards_written").inc();
      out.output(new ShardInfo(split, name, records.size(), bytes));
    }
  }
}
