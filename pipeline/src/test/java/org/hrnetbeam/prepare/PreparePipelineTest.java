package org.hrnetbeam.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.imageio.ImageDecoder;
import org.hrnetbeam.imageio.LabelImage;
import org.hrnetbeam.imageio.RgbImage;
import org.hrnetbeam.ingest.DatasetException;
import org.hrnetbeam.records.ExampleCodec;
import org.hrnetbeam.records.SampleRecord;
import org.hrnetbeam.records.TfRecordReader;
import org.hrnetbeam.shard.ShardPieces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole prepare pipeline on DirectRunner over a few real CamVid pairs. */
class PreparePipelineTest {
  @TempDir Path tmp;

  @Test
  void writesShardsManifestAndEmptyDeadLetters() throws Exception {
    Path root = tmp.resolve("camvid");
    PrepareFixtures.copySubset(root, 3, 2);
    Path shards = tmp.resolve("shards");
    ExperimentConfig cfg = PrepareFixtures.config(root, shards, "PIPELINE.AUGMENT_COPIES", "2", "PIPELINE.NUM_SHARDS", "2");
    PrepareOutcome outcome = PreparePipeline.run(PrepareSettings.from(cfg, 11), cfg, direct());

    assertEquals(3 * 2 + 2, outcome.records());
    assertEquals(0, outcome.rejected());
    assertEquals(0, outcome.exitCode(true));
    assertEquals("", Files.readString(shards.resolve("deadletter.jsonl")));
    List<SampleRecord> train = readSplit(shards, "train", 2);
    List<SampleRecord> val = readSplit(shards, "val", 2);
    assertEquals(6, train.size());
    assertEquals(2, val.size());
    for (SampleRecord r : train) {
      RgbImage image = ImageDecoder.decodeColour(r.imagePng(), r.sampleId());
      LabelImage label = ImageDecoder.decodeLabel(r.labelPng(), r.sampleId());
      assertEquals(320, image.width());
      assertEquals(240, label.height());
      for (int v : label.values()) {
        assertTrue(v <= 10 || v == 255, "label value " + v);
      }
    }
    for (SampleRecord r : val) {
      assertEquals(480, r.width());
      assertEquals(0, r.copy());
      assertEquals(360, ImageDecoder.decodeLabel(r.labelPng(), r.sampleId()).height());
    }

    JsonNode m = new ObjectMapper().readTree(shards.resolve("manifest.json").toFile());
    assertEquals(cfg.hash(), m.get("config_hash").asText());
    assertEquals(11, m.get("seed").asLong());
    assertEquals(3, m.get("splits").get("train").get("samples_listed").asInt());
    assertEquals(6, m.get("splits").get("train").get("records").asInt());
    long shardRecords = 0;
    for (JsonNode f : m.get("splits").get("train").get("shards")) {
      shardRecords += f.get("records").asLong();
      assertEquals(Files.size(shards.resolve(f.get("file").asText())), f.get("bytes").asLong());
    }
    assertEquals(6, shardRecords);
    assertEquals(11, m.get("class_weights").get("values").size());
    assertTrue(m.get("class_weights").get("formula").asText().startsWith("median frequency"));
    assertEquals(0, m.get("dead_letters").get("count").asInt());
    assertEquals("2.70.0", m.get("libraries").get("beam-sdks-java-core").asText());
    assertEquals(64, m.get("input_list_sha256").asText().length());
    // The source label histogram, after remapping: void (11) is not counted.
    long pixels = 0;
    for (JsonNode n : m.get("splits").get("val").get("class_pixels")) {
      pixels += n.asLong();
    }
    assertTrue(pixels > 0 && pixels < 2L * 480 * 360);
  }

  @Test
  void aRerunWithAnotherShardCountLeavesOnlyItsOwnShards() throws Exception {
    Path root = tmp.resolve("camvid");
    PrepareFixtures.copySubset(root, 2, 1);
    Path shards = tmp.resolve("shards");
    ExperimentConfig four = PrepareFixtures.config(root, shards, "PIPELINE.AUGMENT_COPIES", "1", "PIPELINE.NUM_SHARDS", "4");
    PreparePipeline.run(PrepareSettings.from(four, 3), four, direct());
    Files.writeString(shards.resolve("notes.txt"), "mine");
    ExperimentConfig two = PrepareFixtures.config(root, shards, "PIPELINE.AUGMENT_COPIES", "1", "PIPELINE.NUM_SHARDS", "2",
        "DATASET.TEST_SET", "''");
    PreparePipeline.run(PrepareSettings.from(two, 3), two, direct());

    List<String> names = new ArrayList<>();
    try (var files = Files.list(shards)) {
      files.forEach(f -> names.add(f.getFileName().toString()));
    }
    names.sort(null);
    assertEquals(List.of("deadletter.jsonl", "manifest.json", "notes.txt", "train-00000-of-00002.tfrecord",
        "train-00001-of-00002.tfrecord"), names, "the first run's four train and four val shards are gone");
  }

  @Test
  void aRunThatFailsLeavesNoStagedRecordsBehind() throws Exception {
    Path root = tmp.resolve("camvid");
    PrepareFixtures.copySubset(root, 2, 1);
    Path shards = tmp.resolve("shards");
    // A folder where the train shard must go: writing the shard fails after its pieces are staged.
    Path blocked = Files.createDirectories(shards.resolve("train-00000-of-00001.tfrecord"));
    Files.writeString(blocked.resolve("keep.txt"), "not a shard");
    ExperimentConfig cfg = PrepareFixtures.config(root, shards, "PIPELINE.AUGMENT_COPIES", "1", "PIPELINE.NUM_SHARDS", "1");

    assertThrows(RuntimeException.class, () -> PreparePipeline.run(PrepareSettings.from(cfg, 3), cfg, direct()));
    assertFalse(Files.exists(shards.resolve(ShardPieces.FOLDER)), "the failed run's piece files are removed");
    assertEquals("not a shard", Files.readString(blocked.resolve("keep.txt")), "nothing else is touched");
  }

  @Test
  void badSamplesGoToDeadLettersAndGoodOnesAreWritten() throws Exception {
    Path root = tmp.resolve("camvid");
    PrepareFixtures.copySubset(root, 5, 1);
    List<String> train = Files.readAllLines(root.resolve("train.txt"));
    // 1: corrupt PNG (truncated), 2: missing label, 3: label of another size.
    Path corrupt = root.resolve(train.get(0).split(" ")[0]);
    byte[] bytes = Files.readAllBytes(corrupt);
    Files.write(corrupt, java.util.Arrays.copyOf(bytes, bytes.length / 3));
    Files.delete(root.resolve(train.get(1).split(" ")[1]));
    Path mismatched = root.resolve(train.get(2).split(" ")[1]);
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(100, 50, java.awt.image.BufferedImage.TYPE_BYTE_GRAY),
        "png", mismatched.toFile());
    Path shards = tmp.resolve("shards");
    ExperimentConfig cfg = PrepareFixtures.config(root, shards, "PIPELINE.AUGMENT_COPIES", "1", "PIPELINE.NUM_SHARDS", "1");
    PrepareOutcome outcome = PreparePipeline.run(PrepareSettings.from(cfg, 3), cfg, direct());

    assertEquals(2 + 1, outcome.records());
    assertEquals(3, outcome.rejected());
    assertEquals(Map.of("missing_label", 1L, "size_mismatch", 1L, "unreadable", 1L), outcome.rejectedByReason());
    assertEquals(0, outcome.exitCode(false));
    assertEquals(1, outcome.exitCode(true));
    assertTrue(outcome.summary().contains("rejected 3 (missing_label: 1, size_mismatch: 1, unreadable: 1)"), outcome.summary());
    List<String> lines = Files.readAllLines(shards.resolve("deadletter.jsonl"));
    assertEquals(3, lines.size());
    for (String line : lines) {
      JsonNode d = new ObjectMapper().readTree(line);
      assertEquals("ingest", d.get("stage").asText());
      assertTrue(Files.exists(Path.of(d.get("path").asText())) || d.get("reason").asText().equals("missing_label"));
    }
    assertEquals(2, readSplit(shards, "train", 1).size());
  }

  @Test
  void everySampleRejectedExitsNonZero() {
    assertEquals(1, new PrepareOutcome(4, 0, 4, Map.of("unreadable", 4L)).exitCode(false));
  }

  @Test
  void missingRootFailsAtOnceNamingIt() {
    Path missing = tmp.resolve("no-such-root");
    ExperimentConfig cfg = PrepareFixtures.config(missing, tmp.resolve("s"));
    DatasetException e = assertThrows(DatasetException.class,
        () -> PreparePipeline.run(PrepareSettings.from(cfg, 1), cfg, direct()));
    assertTrue(e.getMessage().contains("no-such-root"), e.getMessage());
  }

  static org.apache.beam.sdk.options.PipelineOptions direct() {
    return PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create();
  }

  static List<SampleRecord> readSplit(Path shards, String split, int numShards) throws Exception {
    List<SampleRecord> records = new ArrayList<>();
    for (int i = 0; i < numShards; i++) {
      Path file = shards.resolve(String.format("%s-%05d-of-%05d.tfrecord", split, i, numShards));
      try (InputStream in = Files.newInputStream(file)) {
        for (byte[] r : TfRecordReader.readAll(in, file.toString())) {
          records.add(ExampleCodec.decode(r));
        }
      }
    }
    return records;
  }
}
