package org.hrnetbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hrnetbeam.prepare.PrepareFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code hrnet train}: missing shards, and two epochs on prepared CamVid shards. */
class TrainCommandTest {
  @RegisterExtension final CapturedOutput output = new CapturedOutput();
  @TempDir Path dir;

  @Test
  void missingShardsExitWithTwoNamingThePathAndPrepare() {
    String cfg = PrepareFixtures.conf().resolve("camvid/seg_hrnet_w18_small_v1_camvid.yaml").toString();
    int code = HrnetCommand.execute("train", "--cfg", cfg, "OUTPUT_DIR", dir.resolve("out").toString());
    assertEquals(ExitCodes.USAGE, code);
    String expected = dir.resolve("out/camvid/seg_hrnet_w18_small_v1_camvid/shards/manifest.json").toString();
    assertTrue(output.err().contains(expected) && output.err().contains("hrnet prepare"), output.err());
  }

  @Test
  void twoEpochsOnCamvidShardsLowerTheLossAndWriteTheRunsFiles() throws Exception {
    Path root = dir.resolve("data");
    PrepareFixtures.copySubset(root, 8, 1);
    Path out = dir.resolve("out");
    String cfg = PrepareFixtures.conf().resolve("camvid/seg_hrnet_w18_small_v1_camvid.yaml").toString();
    List<String> common = List.of("--cfg", cfg, "DATASET.ROOT", root.toString(), "OUTPUT_DIR", out.toString(),
        "LOG_DIR", dir.resolve("log").toString(), "PIPELINE.AUGMENT_COPIES", "1", "PIPELINE.NUM_SHARDS", "2",
        "TRAIN.IMAGE_SIZE", "[64, 48]", "TRAIN.BASE_SIZE", "96", "TRAIN.BATCH_SIZE_PER_GPU", "2", "TRAIN.END_EPOCH", "2",
        "TRAIN.LR", "0.05", "PRINT_FREQ", "1", "WORKERS", "1");
    assertEquals(0, HrnetCommand.execute(concat("prepare", common)), output.err());
    assertEquals(0, HrnetCommand.execute(concat("train", common)), output.err());

    Path run = out.resolve("camvid/seg_hrnet_w18_small_v1_camvid");
    for (String file : List.of("checkpoint", "best", "final", "train_log.jsonl", "config.yaml")) {
      assertTrue(Files.exists(run.resolve(file)), file + " missing in " + run);
      assertTrue(output.out().contains(file.equals("config.yaml") ? "" : run.resolve(file).toString()),
          "the command did not say where " + file + " is:\n" + output.out());
    }
    assertTrue(output.out().contains("Epoch: [1/2] Iter:[3/4]"), "no live progress line:\n" + output.out());
    ObjectMapper json = new ObjectMapper();
    List<Double> losses = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("train_log.jsonl"))) {
      JsonNode n = json.readTree(line);
      if (n.path("type").asText().equals("train")) {
        losses.add(n.path("loss").asDouble());
      }
    }
    assertEquals(8, losses.size(), "PRINT_FREQ 1: a line per iteration");
    // The last line's loss is the mean over the second epoch.
    assertTrue(losses.get(7) < losses.get(0), "loss did not fall: " + losses);
  }

  private static String[] concat(String command, List<String> args) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(args);
    return all.toArray(String[]::new);
  }

}
