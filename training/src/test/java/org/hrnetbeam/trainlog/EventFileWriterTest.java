package org.hrnetbeam.trainlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hrnetbeam.trainlog.EventFileReading.ParsedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFileWriterTest {
  @TempDir Path dir;

  @Test
  void theChecksumIsTheMaskedCrc32cOfTheStandardCheckString() {
    // CRC-32C("123456789") = 0xE3069283 (the published check value); masked by TFRecord's rule.
    int crc = 0xE3069283;
    int expected = ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertEquals(expected, TfRecordWriter.maskedCrc32c(check, 0, check.length));
  }

  @Test
  void writesAVersionRecordThenScalarsThatAnIndependentReaderParses() throws IOException {
    Path file;
    try (EventFileWriter w = EventFileWriter.create(dir.resolve("tb"), 0)) {
      file = w.path();
      w.scalar("train_loss", 2.5, 0, 1000.5);
      w.scalar("lr", 0.01, 20, 1001.25);
      w.scalar("valid_mIoU", 0.123456789, 300);
    }
    String name = file.getFileName().toString();
    assertTrue(name.matches("events\\.out\\.tfevents\\.\\d{10}\\..+"), name);
    List<ParsedEvent> events = EventFileReading.read(file);
    assertEquals(4, events.size());
    assertEquals(EventFileWriter.FILE_VERSION, events.get(0).fileVersion());
    assertNull(events.get(0).tag());
    assertTrue(Math.abs(events.get(0).wallTime() - System.currentTimeMillis() / 1000.0) < 600);
    assertEquals(new ParsedEvent(1000.5, 0, null, "train_loss", 2.5f), events.get(1));
    assertEquals(new ParsedEvent(1001.25, 20, null, "lr", 0.01f), events.get(2));
    assertEquals("valid_mIoU", events.get(3).tag());
    assertEquals(300, events.get(3).step());
    assertEquals(0.12345679f, events.get(3).value());
  }

  @Test
  void flushedScalarsAreReadableWhileTheWriterIsStillOpen() throws IOException {
    try (EventFileWriter w = EventFileWriter.create(dir, 0)) {
      w.scalar("images_per_s", 3.25, 7);
      List<ParsedEvent> events = EventFileReading.read(w.path());
      assertEquals(2, events.size());
      assertEquals(3.25f, events.get(1).value());
    }
  }

  @Test
  void aSecondWriterInTheSameSecondGetsItsOwnFile() throws IOException {
    try (EventFileWriter a = EventFileWriter.create(dir, 0); EventFileWriter b = EventFileWriter.create(dir, 0)) {
      assertTrue(!a.path().equals(b.path()));
      try (var files = Files.list(dir)) {
        assertEquals(2, files.filter(p -> p.getFileName().toString().contains("tfevents")).count());
      }
    }
  }
}
