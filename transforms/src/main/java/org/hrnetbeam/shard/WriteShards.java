package org.hrnetbeam.shard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.hrnetbeam.records.ExampleCodec;
import org.hrnetbeam.records.SampleRecord;
import org.hrnetbeam.storage.Storage;

/**
 * Writes (split, record) pairs as TFRecord shards of serialized tf.train.Examples.
 *
 * <p>Beam's own sharded writes assign records to shards at random and in arrival order; here a
 * record's shard is a hash of (seed, sample id, copy) and each shard is sorted by (id, copy)
 * before it is written, so the files are byte-identical across runners, parallelism and reruns.
 * The price: one shard's records are held in memory while it is written (choose NUM_SHARDS so a
 * shard stays within a few hundred MB). Output: one {@link ShardInfo} per non-empty shard.
 */
public final class WriteShards extends PTransform<PCollection<KV<String, SampleRecord>>, PCollection<ShardInfo>> {
  private final String shardDir;
  private final int numShards;
  private final boolean gzip;
  private final long seed;

  private WriteShards(String shardDir, int numShards, boolean gzip, long seed) {
    this.shardDir = shardDir;
    this.numShards = numShards;
    this.gzip = gzip;
    this.seed = seed;
  }

  /**
   * @param shardDir folder of the shards, local or gs://
   * @param numShards PIPELINE.NUM_SHARDS, files per split
   * @param gzip PIPELINE.COMPRESSION == gzip
   * @param seed the run's seed (shard assignment)
   */
  public static WriteShards to(String shardDir, int numShards, boolean gzip, long seed) {
    if (numShards < 1) {
      throw new IllegalArgumentException("PIPELINE.NUM_SHARDS must be >= 1, got " + numShards);
    }
    if (shardDir.isBlank()) {
      throw new IllegalArgumentException("shard folder must not be empty");
    }
    return new WriteShards(shardDir, numShards, gzip, seed);
  }

  @Override
  public PCollection<ShardInfo> expand(PCollection<KV<String, SampleRecord>> records) {
    return records
        .apply("AssignShard", ParDo.of(new AssignFn(numShards, seed)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), KeyedExample.Coder.of()))
        .apply("GroupByShard", GroupByKey.create())
        .apply("WriteShardFile", ParDo.of(new WriteFn(shardDir, numShards, gzip)))
        .setCoder(SerializableCoder.of(ShardInfo.class));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("shardDir", shardDir)).add(DisplayData.item("numShards", numShards))
        .add(DisplayData.item("gzip", gzip)).add(DisplayData.item("seed", seed));
  }

  /** The key of a shard: "split/index". */
  static String shardKey(String split, int shard) {
    return split + "/" + shard;
  }

  /** Sort key inside a shard: sample id, then copy (zero-padded so text order = number order). */
  static String sortKey(SampleRecord r) {
    return r.sampleId() + "\u0000" + String.format("%06d", r.copy());
  }

  private static final class AssignFn extends DoFn<KV<String, SampleRecord>, KV<String, KeyedExample>> {
    private final int numShards;
    private final long seed;

    AssignFn(int numShards, long seed) {
      this.numShards = numShards;
      this.seed = seed;
    }

    @ProcessElement
    public void process(@Element KV<String, SampleRecord> e, OutputReceiver<KV<String, KeyedExample>> out) {
      SampleRecord r = e.getValue();
      int shard = ShardAssigner.shardOf(seed, r.sampleId(), r.copy(), numShards);
      out.output(KV.of(shardKey(e.getKey(), shard), new KeyedExample(sortKey(r), ExampleCodec.encode(r))));
    }
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
