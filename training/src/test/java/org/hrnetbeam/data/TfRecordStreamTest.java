package org.hrnetbeam.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hrnetbeam.shard.ShardFileWriter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TfRecordStreamTest {
  @TempDir Path dir;

  private static List<byte[]> records(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(("record " + i + " " + "x".repeat(i * 37)).getBytes(StandardCharsets.UTF_8));
    }
    out.add(new byte[0]);
    return out;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void streamsWhatThePrepareStagesShardWriterWrote(boolean gzip) throws IOException {
    Path file = dir.resolve(gzip ? "s.tfrecord.gz" : "s.tfrecord");
    List<byte[]> expected = records(50);
    ShardFileWriter.write(file, expected, gzip);
    try (TfRecordStream in = TfRecordStream.open(file, gzip)) {
      for (byte[] e : expected) {
        assertArrayEquals(e, in.next());
      }
      assertNull(in.next());
      assertEquals(expected.size(), in.recordsRead());
    }
  }

  @Test
  void aCorruptRecordFailsNamingTheFileAndRecord() throws IOException {
    Path file = dir.resolve("bad.tfrecord");
    ShardFileWriter.write(file, records(3), false);
    byte[] bytes = Files.readAllBytes(file);
    int secondData = 16 + "record 0 ".length() + 12 + 3;
    bytes[secondData] ^= 1;
    Files.write(file, bytes);
    try (TfRecordStream in = TfRecordStream.open(file, false)) {
      in.next();
      IOException e = assertThrows(IOException.class, in::next);
      assertTrue(e.getMessage().contains("bad.tfrecord") && e.getMessage().contains("record 1"), e.getMessage());
    }
  }

  @Test
  void aTruncatedFileFailsAndAWrongCompressionIsNamed() throws IOException {
    Path file = dir.resolve("cut.tfrecord");
    ShardFileWriter.write(file, records(2), false);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));
    try (TfRecordStream in = TfRecordStream.open(file, false)) {
      in.next();
      in.next();
      IOException e = assertThrows(IOException.class, in::next);
      assertTrue(e.getMessage().contains("truncated record 2"), e.getMessage());
    }
    IOException e = assertThrows(IOException.class, () -> TfRecordStream.open(file, true));
    assertTrue(e.getMessage().contains("PIPELINE.COMPRESSION"), e.getMessage());
  }
}
