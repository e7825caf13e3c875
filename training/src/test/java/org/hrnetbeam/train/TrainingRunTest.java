package org.hrnetbeam.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.model.ModelFile;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.junit.jupiter.api.io.TempDir;

/** The epoch loop: files it writes, resume equal to an uninterrupted run, the NaN stop. */
class TrainingRunTest {
  @TempDir
  Path tmp;

  @Test
  void resumingAfterTheFirstEpochEndsWithTheSameWeightsAsAnUninterruptedRun() throws Exception {
    ShardManifest manifest = TrainRunFixture.shards(tmp.resolve("shards"));
    Path straightDir = tmp.resolve("straight");
    Trainer straight = TrainRunFixture.run(TrainRunFixture.config(straightDir), manifest, straightDir, 11).run();

    Path resumedDir = tmp.resolve("resumed");
    TrainRunFixture.run(TrainRunFixture.config(resumedDir), manifest, resumedDir, 11).runUntil(1);
    assertTrue(Files.exists(resumedDir.resolve("checkpoint")));
    assertTrue(!Files.exists(resumedDir.resolve("final")), "final must wait for the last epoch");
    TrainingState after1 = TrainingCheckpoint.load(resumedDir.resolve("checkpoint")).state();
    assertEquals(1, after1.nextEpoch());
    assertEquals(2, after1.globalStep());
    Trainer resumed = TrainRunFixture.run(TrainRunFixture.config(resumedDir, "TRAIN.RESUME", "true"), manifest,
        resumedDir, 11).run();

    assertArrayEquals(straight.parameters().toFloatVector(), resumed.parameters().toFloatVector(),
        "final weights (BN statistics included) after resume");
    assertArrayEquals(straight.momentumBuffer().toFloatVector(), resumed.momentumBuffer().toFloatVector());
    for (String file : List.of("checkpoint", "best", "final", "train_log.jsonl")) {
      assertTrue(Files.exists(straightDir.resolve(file)), file + " missing");
    }
    assertArrayEquals(straight.parameters().toFloatVector(),
        ModelFile.load(straightDir.resolve("final"), false).graph().params().toFloatVector());
    List<String> log = Files.readAllLines(resumedDir.resolve("train_log.jsonl"));
    assertEquals(4 + 2, log.size(), "4 iteration lines (PRINT_FREQ 1) and 2 validations:\n" + log);
    assertEquals(Files.readAllLines(straightDir.resolve("train_log.jsonl")).size(), log.size());
  }

  /** The test above runs the default engine (channels-last on this CPU backend); this one DL4J's. */
  @Test
  void aDl4jEngineRunResumesToTheSameWeightsAndLogsTheSameFirstLossAsTheDefault() throws Exception {
    ShardManifest manifest = TrainRunFixture.shards(tmp.resolve("shards"));
    String[] dl4j = {"PIPELINE.TRAIN_STEP", "dl4j"};
    Path straightDir = tmp.resolve("straight");
    Trainer straight = TrainRunFixture.run(TrainRunFixture.config(straightDir, dl4j), manifest, straightDir, 11).run();
    Path resumedDir = tmp.resolve("resumed");
    TrainRunFixture.run(TrainRunFixture.config(resumedDir, dl4j), manifest, resumedDir, 11).runUntil(1);
    Trainer resumed = TrainRunFixture.run(TrainRunFixture.config(resumedDir, "PIPELINE.TRAIN_STEP", "dl4j",
        "TRAIN.RESUME", "true"), manifest, resumedDir, 11).run();
    assertArrayEquals(straight.parameters().toFloatVector(), resumed.parameters().toFloatVector(),
        "final weights (BN statistics included) after resume");

    // The engines' step-by-step agreement is StepEngineParityTest's; here the run's first logged
    // loss (iteration 0, before any update) must be the same to float32 rounding.
    Path defaultDir = tmp.resolve("default");
    TrainRunFixture.run(TrainRunFixture.config(defaultDir), manifest, defaultDir, 11).run();
    double theirs = JSON.readTree(Files.readAllLines(straightDir.resolve("train_log.jsonl")).get(0)).path("loss").asDouble();
    double ours = JSON.readTree(Files.readAllLines(defaultDir.resolve("train_log.jsonl")).get(0)).path("loss").asDouble();
    assertEquals(theirs, ours, 1e-5 * Math.abs(theirs), "first logged loss, default engine against DL4J");
  }

  @Test
  void theTrainingLossFallsOverTheRunAndValidationIsLogged() throws Exception {
    ShardManifest manifest = TrainRunFixture.shards(tmp.resolve("shards"));
    Path out = tmp.resolve("out");
    TrainRunFixture.run(TrainRunFixture.config(out, "TRAIN.END_EPOCH", "4"), manifest, out, 5).run();
    List<JsonNode> lines = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("train_log.jsonl"))) {
      lines.add(JSON.readTree(line));
    }
    List<JsonNode> train = lines.stream().filter(n -> n.path("type").asText().equals("train")).toList();
    List<JsonNode> valid = lines.stream().filter(n -> n.path("type").asText().equals("valid")).toList();
    assertEquals(8, train.size());
    assertEquals(4, valid.size());
    try (java.util.stream.Stream<Path> files = Files.walk(out.resolve("log"))) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("events.out.tfevents.")),
          "no TensorBoard event file under LOG_DIR");
    }
    double firstLoss = train.get(0).path("loss").asDouble();
    double lastLoss = train.get(train.size() - 1).path("loss").asDouble();
    assertTrue(lastLoss < 0.8 * firstLoss, "training loss " + firstLoss + " -> " + lastLoss);
    assertTrue(valid.get(3).path("mIoU").asDouble() > valid.get(0).path("mIoU").asDouble(),
        "validation mIoU did not improve: " + valid);
  }

  @Test
  void severalConfiguredWorkersAreRefusedByTheSingleProcessLoop() throws Exception {
    ShardManifest manifest = TrainRunFixture.shards(tmp.resolve("shards"));
    Path out = tmp.resolve("out");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainRunFixture.run(TrainRunFixture.config(out, "PIPELINE.TRAIN_WORKERS", "2"), manifest, out, 1));
    assertTrue(e.getMessage().contains("PIPELINE.TRAIN_WORKERS"), e.getMessage());
  }

  @Test
  void anOhemRunResumesWithItsCriterionAndRefusesAnotherOne() throws Exception {
    ShardManifest manifest = TrainRunFixture.shards(tmp.resolve("shards"));
    Path out = tmp.resolve("out");
    String[] ohem = {"LOSS.USE_OHEM", "true", "LOSS.OHEMTHRES", "0.7", "LOSS.OHEMKEEP", "500"};
    TrainRunFixture.run(TrainRunFixture.config(out, ohem), manifest, out, 2).runUntil(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainRunFixture.run(TrainRunFixture.config(out, "TRAIN.RESUME", "true"), manifest, out, 2).run());
    assertTrue(e.getMessage().contains("was trained with loss"), e.getMessage());
    List<String> resumeOhem = new java.util.ArrayList<>(List.of(ohem));
    resumeOhem.addAll(List.of("TRAIN.RESUME", "true"));
    Trainer t = TrainRunFixture.run(TrainRunFixture.config(out, resumeOhem.toArray(String[]::new)), manifest, out, 2)
        .run();
    assertTrue(Files.exists(out.resolve("final")));
    for (float v : t.parameters().toFloatVector()) {
      assertTrue(Float.isFinite(v), "non-finite parameter after the OHEM run");
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  @Test
  void aDivergingRunStopsNamingTheIterationAndKeepsTheLastCheckpoint() throws Exception {
    ShardManifest manifest = TrainRunFixture.shards(tmp.resolve("shards"));
    Path out = tmp.resolve("out");
    TrainRunFixture.run(TrainRunFixture.config(out), manifest, out, 3).runUntil(1);
    byte[] before = Files.readAllBytes(out.resolve("checkpoint"));
    ExperimentConfig exploding = TrainRunFixture.config(out, "TRAIN.RESUME", "true", "TRAIN.LR", "1e38");
    NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
        () -> TrainRunFixture.run(exploding, manifest, out, 3).run());
    assertTrue(e.getMessage().contains("at epoch 1, iteration "), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(out.resolve("checkpoint")), "the last good checkpoint changed");
  }
}
