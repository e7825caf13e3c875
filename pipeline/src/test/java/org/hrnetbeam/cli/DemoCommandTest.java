package org.hrnetbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hrnet demo} end to end at a reduced size (4 training frames, 2 validation frames, one
 * epoch): the dataset, every stage's output and the closing lines; and {@code hrnet run}'s
 * config errors.
 */
class DemoCommandTest {
  @RegisterExtension final CapturedOutput output = new CapturedOutput();
  @TempDir Path dir;

  @Test
  void demoWritesTheDatasetAndRunsEveryStage() throws Exception {
    int code = HrnetCommand.execute("demo", "--out", dir.toString(), "--train-images", "4", "--val-images", "2",
        "TRAIN.END_EPOCH", "1", "TRAIN.BATCH_SIZE_PER_GPU", "2", "PIPELINE.AUGMENT_COPIES", "1",
        "PIPELINE.NUM_SHARDS", "1", "PRINT_FREQ", "1");
    assertEquals(0, code, output.err() + output.out());
    String out = output.out();

    assertTrue(Files.exists(dir.resolve("demo-data/synthetic-streets.txt")));
    assertTrue(Files.exists(dir.resolve("demo-data/gtFine/val/demoville/demoville_000001_000019_gtFine_labelIds.png")));
    Path run = dir.resolve("demo/seg_hrnet_w18_small_v1_demo");
    assertTrue(Files.exists(run.resolve("config.yaml")));
    assertTrue(Files.exists(run.resolve("shards/manifest.json")));
    assertTrue(Files.exists(run.resolve("final")));
    assertTrue(out.contains("prepare: wrote 6 records from 6 of 6 samples"), out);
    assertTrue(out.contains("train: best validation mIoU"), out);
    assertTrue(out.contains("evaluate: mIoU"), out);

    Matcher report = Pattern.compile("demo: report (\\S+)").matcher(out);
    assertTrue(report.find(), out);
    assertTrue(Files.readString(Path.of(report.group(1))).contains("<html"), report.group(1));
    Matcher published = Pattern.compile("run: mIoU [0-9.]+; published in (\\S+)").matcher(out);
    assertTrue(published.find(), out);
    try (var files = Files.walk(Path.of(published.group(1)))) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().equals("model-card.md")), published.group(1));
    }
    Matcher result = Pattern.compile("demo: mIoU ([0-9.]+) on 2 synthetic val images; chance level ([0-9.]+)").matcher(out);
    assertTrue(result.find(), out);
    double chance = Double.parseDouble(result.group(2));
    assertTrue(chance > 0.005 && chance < 0.2, "chance level " + chance);
  }

  @Test
  void runWithAnUnknownKeyFailsBeforeAnyStage() {
    int code = HrnetCommand.execute("run", "--cfg", conf().resolve("demo/seg_hrnet_w18_small_v1_demo.yaml").toString(),
        "OUTPUT_DIR", dir.toString(), "TRAIN.LRR", "0.1");
    assertEquals(2, code);
    assertTrue(output.err().contains("TRAIN.LRR") && output.err().contains("TRAIN.LR"), output.err());
    assertTrue(!Files.exists(dir.resolve("demo")), "nothing is written for a bad config");
  }

  private static Path conf() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("conf/demo"))) {
        return d.resolve("conf");
      }
    }
    throw new IllegalStateException("conf/ not found");
  }
}
