package org.hrnetbeam.trainstage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hrnetbeam.model.ModelFile;
import org.hrnetbeam.train.TrainingCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With two workers the stage's weights are the same bytes on DirectRunner and on embedded Flink
 * (parallelism 2), and whether replicas are kept between rounds or rebuilt every round. (One
 * worker against training without Beam: {@link TrainStageResumeTest}.)
 */
class TrainStageEquivalenceTest {
  @TempDir Path tmp;

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
      assertEquals(TrainStageResumeTest.losses(kept.outputDir()), TrainStageResumeTest.losses(other.outputDir()),
          "logged losses of " + other.outputDir());
    }
    assertEquals(3 + 1, TrainStageResumeTest.losses(kept.outputDir()).size(), "3 iterations and a validation logged");
  }
}
