package org.hrnetbeam.evaluate;

import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.hrnetbeam.data.TfRecordStream;
import org.hrnetbeam.records.ExampleCodec;
import org.hrnetbeam.records.SampleRecord;
import org.hrnetbeam.storage.Storage;

/**
 * The val split's records from its shard files, one shard read by one worker ({@link
 * EvaluatePipeline} spreads the images over workers afterwards). A corrupt record fails the stage
 * naming the shard and record (evaluating on part of the val set would mislead).
 */
public final class ReadValRecords extends PTransform<PBegin, PCollection<SampleRecord>> {
  private final List<String> shards;
  private final boolean gzip;

  private ReadValRecords(List<String> shards, boolean gzip) {
    this.shards = List.copyOf(shards);
    this.gzip = gzip;
  }

  /** @param shards shard file locations (local or gs://), at least one */
  public static ReadValRecords from(List<String> shards, boolean gzip) {
    if (shards.isEmpty()) {
      throw new IllegalArgumentException("the val split lists no shard files");
    }
    return new ReadValRecords(shards, gzip);
  }

  @Override
  public PCollection<SampleRecord> expand(PBegin begin) {
    return begin
        .apply("ListShards", Create.of(shards).withCoder(StringUtf8Coder.of()))
        .apply("ReadShards", ParDo.of(new ReadShardFn(gzip)))
        .setCoder(SerializableCoder.of(SampleRecord.class));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("shards", shards.size())).add(DisplayData.item("gzip", gzip));
  }

  private static final class ReadShardFn extends DoFn<String, SampleRecord> {
    private final boolean gzip;
    private final Counter records = Metrics.counter(ReadValRecords.class, "val-records");

    ReadShardFn(boolean gzip) {
      this.gzip = gzip;
    }

    @ProcessElement
    public void process(@Element String shard, OutputReceiver<SampleRecord> out) throws Exception {
      try (TfRecordStream stream = TfRecordStream.open(Storage.path(shard), gzip)) {
        for (byte[] data = stream.next(); data != null; data = stream.next()) {
          try {
            out.output(ExampleCodec.decode(data));
          } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(shard + ": record " + (stream.recordsRead() - 1)
                + " is not a tf.train.Example: " + e.getMessage(), e);
          }
          records.inc();
        }
      }
    }
  }
}
