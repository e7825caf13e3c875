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

  private static boolean isEmpty(Path dir) throws java.io.IOException {
    try (var s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }
}
