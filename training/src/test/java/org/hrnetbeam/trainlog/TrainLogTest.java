package org.hrnetbeam.trainlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hrnetbeam.storage.Storage;
import org.hrnetbeam.trainlog.EventFileReading.ParsedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @AfterEach
  void backToRealGcs() {
    Storage.useGcsOptions(null);
  }

  private static ProgressRecord record(long step, double loss) {
    return new ProgressRecord(0, 2, step, 10, step, List.of(0.01, 0.1), loss, 0.5, 0.01, 24, 10);
  }

  @Test
  void everyLoggedIterationReachesConsoleJsonlAndTensorBoard() throws IOException {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (TrainLog log = TrainLog.open(dir, dir.resolve("tb"), false, new PrintStream(console, true, StandardCharsets.UTF_8), 0)) {
      log.iteration(record(0, 2.0));
      log.iteration(record(5, 1.5));
      log.validation(0, 10, 1.25, 0.4);
    }
    String[] lines = console.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(3, lines.length);
    assertTrue(lines[1].startsWith("Epoch: [0/2] Iter:[5/10]"), lines[1]);
    assertTrue(lines[2].contains("mIoU: 0.4000"), lines[2]);

    List<JsonNode> json = Files.readAllLines(dir.resolve("train_log.jsonl")).stream().map(TrainLogTest::parse).toList();
    assertEquals(3, json.size());
    assertEquals("train", json.get(1).get("type").asText());
    assertEquals(5, json.get(1).get("iteration").asInt());
    assertEquals(0, json.get(1).get("epoch").asInt());
    assertEquals(1.5, json.get(1).get("loss").asDouble(), 0);
    assertEquals(0.1, json.get(1).get("lr").get(1).asDouble(), 0);
    assertEquals("valid", json.get(2).get("type").asText());
    assertEquals(0.4, json.get(2).get("mIoU").asDouble(), 0);

    Path events;
    try (var files = Files.list(dir.resolve("tb"))) {
      events = files.findFirst().orElseThrow();
    }
    Map<String, List<ParsedEvent>> byTag = EventFileReading.read(events).stream().skip(1)
        .collect(Collectors.groupingBy(ParsedEvent::tag));
    assertEquals(List.of(0L, 5L), byTag.get("train_loss").stream().map(ParsedEvent::step).toList());
    assertEquals(1.5f, byTag.get("train_loss").get(1).value());
    assertEquals(0.01f, byTag.get("lr").get(0).value());
    assertEquals(0.1f, byTag.get("lr_nonbackbone").get(0).value());
    assertEquals(24f, byTag.get("images_per_s").get(0).value());
    assertEquals(1.25f, byTag.get("valid_loss").get(0).value());
    assertEquals(0.4f, byTag.get("valid_mIoU").get(0).value());
    assertEquals(10L, byTag.get("valid_mIoU").get(0).step());
  }

  @Test
  void aResumedRunAppendsToItsJsonl() throws IOException {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try (TrainLog log = TrainLog.open(dir, dir.resolve("tb"), false, quiet, 0)) {
      log.iteration(record(0, 2.0));
    }
    try (TrainLog log = TrainLog.open(dir, dir.resolve("tb"), true, quiet, 0)) {
      log.iteration(record(5, 1.0));
    }
    assertEquals(2, Files.readAllLines(dir.resolve("train_log.jsonl")).size());
  }

  @Test
  void logsOnCloudStorageAreVisibleAfterEachFlushAndWhole() throws IOException {
    Storage.useGcsOptions(LocalStorageHelper.getOptions());
    Path out = Storage.path("gs://bucket/runs/exp1");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try (TrainLog log = TrainLog.open(out, out.resolve("tb"), false, quiet, 0)) {
      log.iteration(record(0, 2.0));
      assertEquals(1, Files.readAllLines(out.resolve("train_log.jsonl")).size());
      log.iteration(record(5, 1.0));
      log.validation(0, 10, 0.9, 0.3);
      assertTrue(log.eventFile().toString().startsWith("/runs/exp1/tb/events.out.tfevents."), log.eventFile().toString());
    }
    assertEquals(3, Files.readAllLines(out.resolve("train_log.jsonl")).size());
    try (var files = Files.list(out.resolve("tb"))) {
      Path events = files.findFirst().orElseThrow();
      Path local = dir.resolve(events.getFileName().toString());
      Files.copy(events, local);
      assertEquals(1 + 2 * 4 + 2, EventFileReading.read(local).size());
    }
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
