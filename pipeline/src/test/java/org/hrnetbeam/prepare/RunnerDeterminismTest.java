package org.hrnetbeam.prepare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.hrnetbeam.config.ExperimentConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same config and seed give byte-identical shards on DirectRunner and on embedded Flink at
 * parallelism 1 and 2 (only manifest.json differs: it records the time).
 */
class RunnerDeterminismTest {
  @TempDir Path tmp;

  @Test
  void directAndFlinkAtParallelismOneAndTwoWriteTheSameBytes() throws Exception {
    Path root = tmp.resolve("camvid");
    PrepareFixtures.copySubset(root, 4, 2);
    Path direct = run(root, "direct", "--runner=DirectRunner", "--targetParallelism=2");
    Path flink1 = run(root, "flink1", "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=1");
    Path flink2 = run(root, "flink2", "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2");
    List<String> files = shardFiles(direct);
    assertEquals(3 * 3, files.size(), "train, val, extra x 3 shards: " + files);
    for (Path other : List.of(flink1, flink2)) {
      assertEquals(files, shardFiles(other));
      for (String f : files) {
        assertArrayEquals(Files.readAllBytes(direct.resolve(f)), Files.readAllBytes(other.resolve(f)), other + "/" + f);
      }
      assertArrayEquals(Files.readAllBytes(direct.resolve("deadletter.jsonl")), Files.readAllBytes(other.resolve("deadletter.jsonl")));
    }
    long nonEmpty = files.stream().filter(f -> direct.resolve(f).toFile().length() > 0).count();
    assertTrue(nonEmpty >= 4, "records spread over shards: " + nonEmpty + " non-empty");
    // The gzipped shards read back: every record once, train copies 0 and 1 of each image.
    java.util.Set<String> seen = new java.util.TreeSet<>();
    for (String f : files) {
      if (!f.startsWith("train-")) {
        continue;
      }
      try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(direct.resolve(f)))) {
        for (byte[] r : org.hrnetbeam.records.TfRecordReader.readAll(in, f)) {
          org.hrnetbeam.records.SampleRecord record = org.hrnetbeam.records.ExampleCodec.decode(r);
          assertTrue(seen.add(record.sampleId() + "#" + record.copy()), "duplicate " + record);
        }
      }
    }
    assertEquals(4 * 2, seen.size());
  }

  private Path run(Path root, String name, String... args) throws IOException {
    Path shards = tmp.resolve(name);
    ExperimentConfig cfg = PrepareFixtures.config(root, shards, "PIPELINE.AUGMENT_COPIES", "2", "PIPELINE.NUM_SHARDS", "3",
        "PIPELINE.COMPRESSION", "gzip", "DATASET.EXTRA_TRAIN_SET", "val.txt");
    PrepareOutcome outcome = PreparePipeline.run(PrepareSettings.from(cfg, 2026), cfg,
        PipelineOptionsFactory.fromArgs(args).create());
    assertEquals(4 * 2 + 2 + 2 * 2, outcome.records(), name);
    return shards;
  }

  private static List<String> shardFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tfrecord")).sorted().toList();
    }
  }
}
