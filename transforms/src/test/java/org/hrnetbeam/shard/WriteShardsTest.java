package org.hrnetbeam.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.hrnetbeam.records.ExampleCodec;
import org.hrnetbeam.records.SampleRecord;
import org.hrnetbeam.records.TfRecordReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two ways into the shard writer give the same files: records through {@link WriteShards#to},
 * and pieces a step staged itself with a {@link PieceStager} through {@link WriteShards#fromPieces}
 * (what prepare does). Each shard holds exactly its records, sorted by (sample id, copy).
 */
class WriteShardsTest {
  private static final int SHARDS = 3;
  private static final long SEED = 11;

  @TempDir Path dir;

  @Test
  void recordsAndStagedPiecesGiveTheSameSortedShards() throws IOException {
    List<KV<String, KeyedExample>> records = new ArrayList<>();
    for (int i = 9; i >= 0; i--) {
      for (int copy = 1; copy >= 0; copy--) {
        byte[] png = {(byte) i, (byte) copy};
        records.add(WriteShards.assign("train", new SampleRecord("img" + i + ".png", copy, "img" + i + ".png", 1, 1,
            png, png), SEED, SHARDS));
      }
    }
    Path viaRecords = dir.resolve("records");
    Path viaPieces = dir.resolve("pieces");
    KvCoder<String, KeyedExample> coder = KvCoder.of(StringUtf8Coder.of(), KeyedExample.Coder.of());

    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    p.apply("Records", Create.of(records).withCoder(coder))
        .apply("WriteRecords", WriteShards.to(viaRecords.toString(), SHARDS, false));
    // Staged outside the pipeline, all records at once: one piece per shard, where the records'
    // path stages one piece per shard and bundle.
    PieceStager stager = new PieceStager(viaPieces.toString());
    records.forEach(stager::add);
    p.apply("Pieces", Create.of(stager.writePieces()).withCoder(WriteShards.PIECE_CODER))
        .apply("WritePieces", WriteShards.fromPieces(viaPieces.toString(), SHARDS, false));
    p.run().waitUntilFinish();

    int total = 0;
    for (int shard = 0; shard < SHARDS; shard++) {
      String name = ShardName.of("train", shard, SHARDS, false);
      List<byte[]> written = read(viaRecords.resolve(name));
      List<byte[]> staged = read(viaPieces.resolve(name));
      assertEquals(written.size(), staged.size(), name);
      String previous = "";
      for (int i = 0; i < written.size(); i++) {
        assertArrayEquals(written.get(i), staged.get(i), name + " record " + i);
        SampleRecord r = ExampleCodec.decode(written.get(i));
        String key = WriteShards.sortKey(r);
        assertEquals(-1, Integer.signum(previous.compareTo(key)), name + " is sorted");
        previous = key;
        assertEquals("train/" + shard, records.stream().filter(k -> k.getValue().sortKey().equals(key))
            .findFirst().orElseThrow().getKey(), "record " + key + " is in its own shard");
      }
      total += written.size();
    }
    assertEquals(records.size(), total);
    try (Stream<Path> left = Files.list(viaPieces.resolve(ShardPieces.FOLDER))) {
      assertFalse(left.findAny().isPresent(), "pieces deleted once merged");
    }
  }

  private static List<byte[]> read(Path shard) throws IOException {
    try (InputStream in = Files.newInputStream(shard)) {
      return TfRecordReader.readAll(in, shard.toString());
    }
  }
}
