package org.hrnetbeam.trainstage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.model.ModelFile;
import org.hrnetbeam.schedule.Schedule;
import org.hrnetbeam.train.RunSettings;
import org.hrnetbeam.train.Trainer;
import org.hrnetbeam.train.TrainingCheckpoint;
import org.hrnetbeam.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage's weights equal training without Beam for one worker, and with two workers they are
 * the same bytes on DirectRunner and on embedded Flink, and whether replicas are kept or rebuilt.
 */
class TrainStageEquivalenceTest {
  @TempDir Path tmp;

  @Test
  void oneWorkerGivesTheWeightsAndMomentumOfTrainingWithoutBeam() throws Exception {
    Path shards = TrainStageFixtures.shards(tmp, 4, 1);
    Path plainOut = tmp.resolve("plain");
    ExperimentConfig plainCfg = TrainStageFixtures.trainConfig(shards, plainOut);
    ShardManifest manifest = ShardManifest.read(shards);
    Trainer plain = new TrainingRun(RunSettings.from(plainCfg, manifest, 7),
        Schedule.from(plainCfg, manifest.samples("train"), 0), manifest, plainOut, TrainStageFixtures.QUIET).run();

    Path beamOut = tmp.resolve("beam");
    TrainOutcome outcome = TrainStage.run(TrainStageFixtures.trainConfig(shards, beamOut), 7,
        TrainStageFixtures.direct(), TrainStageFixtures.QUIET);

    assertArrayEquals(plain.parameters().toFloatVector(),
        ModelFile.load(outcome.finalModel(), false).graph().params().toFloatVector(), "final weights");
    assertArrayEquals(plain.momentumBuffer().toFloatVector(),
        TrainingCheckpoint.load(outcome.outputDir().resolve("checkpoint")).momentum().toFloatVector(), "momentum buffer");
    assertEquals(Files.readAllLines(plainOut.resolve("train_log.jsonl")).size(),
        Files.readAllLines(outcome.outputDir().resolve("train_log.jsonl")).size());
    assertTrue(Files.exists(outcome.best()));
    Path work = outcome.outputDir().resolve(TrainStage.WORK_DIR);
    assertTrue(!Files.exists(work) || isEmpty(work),
        "round files left behind");
  }

  @Test
  void twoWorkersGiveTheSameBytesOnDirectAndFlinkAndWhetherReplicasAreKeptOrRebuilt() throws Exception {
    // 6 images, batch 1, 2 workers: 3 iterations per epoch; K = 2 gives rounds of 2 and 1.
    Path shards = TrainStageFixtures.shards(tmp, 6, 1);
    String[] twoWorkers = {"PIPELINE.TRAIN_WORKERS", "2", "TRAIN.BATCH_SIZE_PER_GPU", "1",
        "PIPELINE.AVERAGING_FREQUENCY", "2"};
    TrainOutcome kept = TrainStage.run(TrainStageFixtures.trainConfig(shards, tmp.resolve("kept"), twoWorkers), 5,
        TrainStageFixtures.direct(), TrainStageFixtures.QUIET, true);
    TrainOutcome rebuilt = TrainStage.run(TrainStageFixtures.trainConfig(shards, tmp.resolve("rebuilt"), twoWorkers),
        5, TrainStageFixtures.direct(), TrainStageFixtures.QUIET, false);
    TrainOutcome flink = TrainStage.run(TrainStageFixtures.trainConfig(shards, tmp.resolve("flink"), twoWorkers), 5,
        TrainStageFixtures.flink(2), TrainStageFixtures.QUIET, true);

    float[] params = ModelFile.load(kept.finalModel(), false).graph().params().toFloatVector();
    float[] momentum = TrainingCheckpoint.load(kept.outputDir().resolve("checkpoint")).momentum().toFloatVector();
    for (TrainOutcome other : java.util.List.of(rebuilt, flink)) {
      assertArrayEquals(params, ModelFile.load(other.finalModel(), false).graph().params().toFloatVector(),
          "final weights of " + other.outputDir());
      assertArrayEquals(momentum,
          TrainingCheckpoint.load(other.outputDir().resolve("checkpoint")).momentum().toFloatVector(),
          "momentum of " + other.outputDir());
      assertEquals(losses(kept.outputDir()), losses(other.outputDir()), "logged losses of " + other.outputDir());
    }
    assertEquals(3 + 1, losses(kept.outputDir()).size(), "3 iterations and a validation logged");
  }

  /** type, step and loss of every train_log.jsonl line (the times differ between runs). */
  private static java.util.List<String> losses(Path outputDir) throws java.io.IOException {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(outputDir.resolve("train_log.jsonl"))) {
      var node = json.readTree(line);
      out.add(node.path("type").asText() + " " + node.path("step").asLong() + " " + node.path("loss").asDouble());
    }
    return out;
  }

  private static boolean isEmpty(Path dir) throws java.io.IOException {
    try (var s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }
}
