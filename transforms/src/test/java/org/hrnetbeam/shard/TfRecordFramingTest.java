package org.hrnetbeam.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.hrnetbeam.records.TfRecordReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shard files' framing, checked by a decoder written here from the TFRecord format
 * description (uint64 little-endian length, masked CRC-32C of the length, data, masked CRC-32C of
 * the data), with its own bitwise CRC-32C: it shares no code with the writer or the JDK's CRC32C.
 */
class TfRecordFramingTest {
  @TempDir Path dir;

  @Test
  void plainShardHasCorrectLengthsAndMaskedChecksums() throws IOException {
    List<byte[]> records = sampleRecords();
    Path file = dir.resolve("train-00000-of-00001.tfrecord");
    long size = ShardFileWriter.write(file, records, false);
    byte[] bytes = Files.readAllBytes(file);
    assertEquals(bytes.length, size);
    long expectedSize = 0;
    for (byte[] r : records) {
      expectedSize += 8 + 4 + r.length + 4;
    }
    assertEquals(expectedSize, bytes.length);
    assertRecordsEqual(records, decodeIndependently(bytes));
  }

  @Test
  void gzipShardDecompressesToTheSameFraming() throws IOException {
    List<byte[]> records = sampleRecords();
    Path file = dir.resolve("val-00000-of-00001.tfrecord.gz");
    ShardFileWriter.write(file, records, true);
    byte[] bytes;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      bytes = in.readAllBytes();
    }
    assertRecordsEqual(records, decodeIndependently(bytes));
    // Same records, same bytes: no time stamp in the GZIP header.
    Path again = dir.resolve("again.tfrecord.gz");
    ShardFileWriter.write(again, records, true);
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again));
  }

  @Test
  void projectReaderAgreesAndDetectsCorruption() throws IOException {
    List<byte[]> records = sampleRecords();
    Path file = dir.resolve("s.tfrecord");
    ShardFileWriter.write(file, records, false);
    byte[] bytes = Files.readAllBytes(file);
    assertRecordsEqual(records, TfRecordReader.readAll(new ByteArrayInputStream(bytes), "s"));
    bytes[16 + 12 + 1] ^= 1; // inside "hello", the data of record 1
    IOException e = assertThrows(IOException.class, () -> TfRecordReader.readAll(new ByteArrayInputStream(bytes), "s"));
    assertEquals("s: bad data checksum in record 1", e.getMessage());
  }

  @Test
  void emptyShardIsAnEmptyFile() throws IOException {
    Path file = dir.resolve("e.tfrecord");
    assertEquals(0, ShardFileWriter.write(file, List.of(), false));
  }

  private static List<byte[]> sampleRecords() {
    List<byte[]> records = new ArrayList<>();
    records.add(new byte[0]);
    records.add("hello".getBytes());
    byte[] big = new byte[70_000];
    new java.util.SplittableRandom(9).nextBytes(big);
    records.add(big);
    return records;
  }

  private static void assertRecordsEqual(List<byte[]> expected, List<byte[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "record " + i);
    }
  }

  static List<byte[]> decodeIndependently(byte[] file) {
    List<byte[]> out = new ArrayList<>();
    int p = 0;
    while (p < file.length) {
      long length = 0;
      for (int i = 7; i >= 0; i--) {
        length = (length << 8) | (file[p + i] & 0xFF);
      }
      assertEquals(mask(crc32c(file, p, 8)), readUint32(file, p + 8), "length checksum at " + p);
      int start = p + 12;
      byte[] data = java.util.Arrays.copyOfRange(file, start, start + (int) length);
      assertEquals(mask(crc32c(file, start, (int) length)), readUint32(file, start + (int) length), "data checksum at " + p);
      out.add(data);
      p = start + (int) length + 4;
    }
    assertEquals(file.length, p, "no trailing bytes");
    return out;
  }

  private static long readUint32(byte[] b, int p) {
    return (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24;
  }

  /** CRC-32C (Castagnoli), reflected polynomial 0x82F63B78, one bit at a time. */
  private static long crc32c(byte[] b, int offset, int length) {
    int crc = 0xFFFFFFFF;
    for (int i = offset; i < offset + length; i++) {
      crc ^= b[i] & 0xFF;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
      }
    }
    return ~crc & 0xFFFFFFFFL;
  }

  private static long mask(long crc) {
    return (((crc >>> 15) | (crc << 17)) + 0xa282ead8L) & 0xFFFFFFFFL;
  }
}
