package org.hrnetbeam.prepare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.ingest.SampleRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress line of a running prepare: its arithmetic, that it appears, and that it changes no byte. */
class PrepareProgressTest {
  private static final Pattern LINE = Pattern.compile("prepare: (\\d+)/(\\d+) records made \\((\\d+)%\\), "
      + "(\\d+)/(\\d+) samples read, (\\d+) rejected, [0-9.]+ records/s, ETA (\\d+:\\d\\d:\\d\\d|\\?)");

  @TempDir Path tmp;

  @Test
  void theLineSaysRecordsDoneOfTotalRateAndTimeLeft() {
    PrepareProgress progress = new PrepareProgress(300, 200);
    // Nothing in the last window: the rate since the start, 100 records in 10 s.
    assertEquals("prepare: 100/300 records made (33%), 90/200 samples read, 2 rejected, 10.0 records/s, ETA 0:00:20",
        progress.line(new PrepareProgress.Counts(100, 90, 2), 10, 0));
    // 40 records/s lately: 200 left take 5 s, though the average since the start is 10.
    assertEquals("prepare: 100/300 records made (33%), 90/200 samples read, 2 rejected, 40.0 records/s, ETA 0:00:05",
        progress.line(new PrepareProgress.Counts(100, 90, 2), 10, 40));
    assertEquals("prepare: 0/300 records made (0%), 0/200 samples read, 0 rejected, 0.0 records/s, ETA ?",
        progress.line(new PrepareProgress.Counts(0, 0, 0), 3, 0));
    // 1 record in 18.5 s: 299 left take 5531.5 s.
    assertEquals("ETA 1:32:12", progress.line(new PrepareProgress.Counts(1, 1, 0), 18.5, 0).replaceAll(".*, ", ""));
  }

  @Test
  void augmentedSplitsCountKCopiesAndValidationOne() {
    List<SampleRef> listed = List.of(ref("a", "train"), ref("b", "train"), ref("c", "val"), ref("d", "extra"));
    assertEquals(new PrepareProgress(3 * 3 + 1, 4), PrepareProgress.of(listed, 3));
  }

  @Test
  void linesAppearWhileItRunsAndTheShardsAreTheSameBytes() throws Exception {
    Path root = tmp.resolve("camvid");
    PrepareFixtures.copySubset(root, 8, 2);
    Path quiet = tmp.resolve("quiet");
    Path reported = tmp.resolve("reported");
    String[] settings = {"PIPELINE.AUGMENT_COPIES", "2", "PIPELINE.NUM_SHARDS", "2"};
    ExperimentConfig quietCfg = PrepareFixtures.config(root, quiet, settings);
    ExperimentConfig reportedCfg = PrepareFixtures.config(root, reported, settings);

    PreparePipeline.run(PrepareSettings.from(quietCfg, 7), quietCfg, PreparePipelineTest.direct(), Duration.ZERO,
        new PrintStream(PrintStream.nullOutputStream()));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PreparePipeline.run(PrepareSettings.from(reportedCfg, 7), reportedCfg, PreparePipelineTest.direct(),
        Duration.ofMillis(100), new PrintStream(printed, true, StandardCharsets.UTF_8));

    List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
    System.out.println(String.join("\n", lines));
    assertFalse(lines.isEmpty(), "no progress line while prepare ran");
    long before = 0;
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      assertTrue(m.matches(), "not a progress line: " + line);
      assertEquals(8 * 2 + 2, Long.parseLong(m.group(2)), line);
      assertEquals(10, Long.parseLong(m.group(5)), line);
      long made = Long.parseLong(m.group(1));
      assertTrue(made >= before && made <= 18, "records made went from " + before + " to " + made);
      before = made;
    }
    assertEquals(shardFiles(quiet), shardFiles(reported));
    for (String name : shardFiles(quiet)) {
      assertArrayEquals(Files.readAllBytes(quiet.resolve(name)), Files.readAllBytes(reported.resolve(name)), name);
    }
  }

  private static List<String> shardFiles(Path dir) throws Exception {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.map(f -> f.getFileName().toString()).filter(n -> n.contains(".tfrecord") || n.equals("deadletter.jsonl"))
          .sorted().forEach(names::add);
    }
    assertEquals(2 + 2 + 1, names.size(), "2 train and 2 val shards and the dead letters: " + names);
    return names;
  }

  private static SampleRef ref(String id, String split) {
    return new SampleRef(id, split, id + ".png", id + "_L.png");
  }
}
