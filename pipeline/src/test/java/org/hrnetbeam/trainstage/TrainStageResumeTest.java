package org.hrnetbeam.trainstage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.model.ModelFile;
import org.hrnetbeam.schedule.Schedule;
import org.hrnetbeam.storage.Storage;
import org.hrnetbeam.train.NonFiniteLossException;
import org.hrnetbeam.train.RunSettings;
import org.hrnetbeam.train.TrainingCheckpoint;
import org.hrnetbeam.train.Trainer;
import org.hrnetbeam.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With one worker the stage equals training without Beam; resume through the stage equals an
 * uninterrupted run; a diverging worker stops the run cleanly.
 */
class TrainStageResumeTest {
  @TempDir Path tmp;

  @Test
  void oneWorkerEqualsTrainingWithoutBeamResumeEqualsTheStraightRunAndANonFiniteLossKeepsTheCheckpoint()
      throws Exception {
    Path shards = TrainStageFixtures.shards(tmp, 4, 1);
    String[] twoEpochs = {"TRAIN.END_EPOCH", "2"};
    TrainOutcome straight = TrainStage.run(TrainStageFixtures.trainConfig(shards, tmp.resolve("straight"), twoEpochs),
        9, TrainStageFixtures.direct(), TrainStageFixtures.QUIET);

    // Without Beam: the same schedule in this process (rounds of K = 1 iteration in the stage).
    ExperimentConfig plainCfg = TrainStageFixtures.trainConfig(shards, tmp.resolve("plain"), twoEpochs);
    ShardManifest plainManifest = ShardManifest.read(shards);
    Path plainOut = Storage.path(plainCfg.outputDir());
    Trainer plain = new TrainingRun(RunSettings.from(plainCfg, plainManifest, 9),
        Schedule.from(plainCfg, plainManifest.samples("train"), 0), plainManifest, plainOut, TrainStageFixtures.QUIET)
        .run();
    assertArrayEquals(plain.parameters().toFloatVector(),
        ModelFile.load(straight.finalModel(), false).graph().params().toFloatVector(), "stage W=1 vs no Beam: weights");
    assertArrayEquals(plain.momentumBuffer().toFloatVector(),
        TrainingCheckpoint.load(straight.outputDir().resolve("checkpoint")).momentum().toFloatVector(),
        "stage W=1 vs no Beam: momentum");
    assertEquals(losses(plainOut), losses(straight.outputDir()), "logged losses");
    assertTrue(Files.exists(straight.best()));
    assertFalse(Files.exists(straight.outputDir().resolve(TrainStage.WORK_DIR).resolve("epoch-1-round-0.state")),
        "round files left behind");

    ExperimentConfig first = TrainStageFixtures.trainConfig(shards, tmp.resolve("resumed"), twoEpochs);
    Path out = Storage.path(first.outputDir());
    ShardManifest manifest = ShardManifest.read(shards);
    BeamEpochs epochs = new BeamEpochs(first, 9, shards.toString(), out.resolve(TrainStage.WORK_DIR).toString(), 1,
        TrainStageFixtures.direct(), TrainStageFixtures.QUIET, true);
    new TrainingRun(RunSettings.from(first, manifest, 9), Schedule.from(first, manifest.samples("train"), 0), manifest,
        out, TrainStageFixtures.QUIET, epochs).runUntil(1);
    assertEquals(1, TrainingCheckpoint.load(out.resolve("checkpoint")).state().nextEpoch());
    assertFalse(Files.exists(out.resolve("final")));
    Path diverging = tmp.resolve("diverging");
    copyTree(tmp.resolve("resumed"), diverging);

    TrainOutcome resumed = TrainStage.run(TrainStageFixtures.trainConfig(shards, tmp.resolve("resumed"),
        "TRAIN.END_EPOCH", "2", "TRAIN.RESUME", "true"), 9, TrainStageFixtures.direct(), TrainStageFixtures.QUIET);
    assertArrayEquals(ModelFile.load(straight.finalModel(), false).graph().params().toFloatVector(),
        ModelFile.load(resumed.finalModel(), false).graph().params().toFloatVector(), "final weights after resume");
    assertArrayEquals(TrainingCheckpoint.load(straight.outputDir().resolve("checkpoint")).momentum().toFloatVector(),
        TrainingCheckpoint.load(resumed.outputDir().resolve("checkpoint")).momentum().toFloatVector());

    ExperimentConfig exploding = TrainStageFixtures.trainConfig(shards, diverging, "TRAIN.END_EPOCH", "2",
        "TRAIN.RESUME", "true", "TRAIN.LR", "1e38");
    Path checkpoint = Storage.path(exploding.outputDir()).resolve("checkpoint");
    byte[] before = Files.readAllBytes(checkpoint);
    NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
        () -> TrainStage.run(exploding, 9, TrainStageFixtures.direct(), TrainStageFixtures.QUIET));
    assertTrue(e.getMessage().startsWith("training stopped: loss is ") && e.getMessage().contains(" at epoch 1, iteration ")
        && e.getMessage().contains("worker 0") && e.getMessage().contains("is untouched"), e.getMessage());
    java.util.regex.Matcher at = java.util.regex.Pattern.compile("at epoch 1, iteration (\\d+)").matcher(e.getMessage());
    assertTrue(at.find(), e.getMessage());
    if (!java.util.Arrays.equals(before, Files.readAllBytes(checkpoint))) {
      // A round checkpoint may replace it, but only one from finite weights before the failing iteration.
      TrainingCheckpoint.Loaded kept = TrainingCheckpoint.load(checkpoint);
      assertEquals(1, kept.state().nextEpoch());
      assertTrue(kept.state().nextIteration() <= Long.parseLong(at.group(1)),
          "checkpoint resumes at " + kept.state().nextIteration() + ", after the failing iteration " + at.group(1));
      assertFalse(org.nd4j.linalg.indexing.BooleanIndexing.or(kept.model().graph().params(),
          org.nd4j.linalg.indexing.conditions.Conditions.notFinite()), "the kept checkpoint's weights are finite");
    }
  }

  /** type, step and loss of every train_log.jsonl line (the times differ between runs). */
  static java.util.List<String> losses(Path outputDir) throws java.io.IOException {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(outputDir.resolve("train_log.jsonl"))) {
      var node = json.readTree(line);
      out.add(node.path("type").asText() + " " + node.path("step").asLong() + " " + node.path("loss").asDouble());
    }
    return out;
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
