package org.hrnetbeam.trainstage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptions;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.model.ModelFile;
import org.hrnetbeam.schedule.Schedule;
import org.hrnetbeam.storage.Storage;
import org.hrnetbeam.train.RunSettings;
import org.hrnetbeam.train.TrainingCheckpoint;
import org.hrnetbeam.train.TrainingRun;
import org.hrnetbeam.train.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage writes the checkpoint from inside its pipeline after averaging rounds, and a run that
 * stops right after such a checkpoint (its pipeline fails there, as a killed run would leave the
 * output folder) resumes with TRAIN.RESUME inside the epoch to the uninterrupted run's final
 * weights, momentum and logged losses: one worker on DirectRunner; two workers stopped on embedded
 * Flink and resumed on DirectRunner.
 */
class TrainStageMidEpochResumeTest {
  @TempDir Path tmp;

  @Test
  void oneAndTwoWorkersResumedAfterARoundCheckpointEqualTheStraightRun() throws Exception {
    Path shards = TrainStageFixtures.shards(tmp, 6, 1);
    // W = 1, batch 2: 3 iterations; K = 1, stop after round 0 (the checkpoint at iteration 1).
    stopResumeAndCompare(shards, "w1", TrainStageFixtures.direct(), 1, 0, 1);
    // W = 2, batch 1: 3 iterations; K = 1 and a checkpoint every 2nd round, so round 1's (at
    // iteration 2) is the one written before the stop. Stopped on embedded Flink, resumed on
    // DirectRunner: the checkpoint is the runner's own work and any runner goes on from it.
    stopResumeAndCompare(shards, "w2", TrainStageFixtures.flink(2), 2, 1, 2, "PIPELINE.TRAIN_WORKERS", "2", "TRAIN.BATCH_SIZE_PER_GPU", "1",
        "PIPELINE.CHECKPOINT_EVERY_ROUNDS", "2");
  }

  private void stopResumeAndCompare(Path shards, String name, PipelineOptions stopOn, int workers,
      int stopAfterRound, long resumeAt, String... overrides) throws Exception {
    TrainOutcome straight = TrainStage.run(TrainStageFixtures.trainConfig(shards, tmp.resolve(name + "-straight"),
        overrides),
        9, TrainStageFixtures.direct(), TrainStageFixtures.QUIET);

    ExperimentConfig first = TrainStageFixtures.trainConfig(shards, tmp.resolve(name + "-stopped"), overrides);
    Path out = Storage.path(first.outputDir());
    ShardManifest manifest = ShardManifest.read(shards);
    BeamEpochs stopping = new BeamEpochs(first, 9, shards.toString(), out.resolve(TrainStage.WORK_DIR).toString(),
        workers, stopOn, TrainStageFixtures.QUIET, true, stopAfterRound);
    TrainingRun run = new TrainingRun(RunSettings.from(first, manifest, 9),
        Schedule.from(first, manifest.samples("train"), 0), manifest, out, TrainStageFixtures.QUIET, stopping);
    RuntimeException stop = assertThrows(RuntimeException.class, run::run);
    assertTrue(causes(stop).contains("stopped after round " + stopAfterRound), causes(stop));
    TrainingState left = TrainingCheckpoint.load(out.resolve(TrainingCheckpoint.FILE_NAME)).state();
    assertEquals(0, left.nextEpoch());
    assertEquals(resumeAt, left.nextIteration(), "the round checkpoint's iteration");
    assertEquals(resumeAt, left.globalStep());

    String[] resume = new String[overrides.length + 2];
    System.arraycopy(overrides, 0, resume, 0, overrides.length);
    resume[overrides.length] = "TRAIN.RESUME";
    resume[overrides.length + 1] = "true";
    TrainOutcome resumed = TrainStage.run(TrainStageFixtures.trainConfig(shards, tmp.resolve(name + "-stopped"),
        resume), 9, TrainStageFixtures.direct(), TrainStageFixtures.QUIET);
    assertArrayEquals(ModelFile.load(straight.finalModel(), false).graph().params().toFloatVector(),
        ModelFile.load(resumed.finalModel(), false).graph().params().toFloatVector(),
        "W=" + workers + ": final weights after a mid-epoch resume");
    assertArrayEquals(
        TrainingCheckpoint.load(straight.outputDir().resolve(TrainingCheckpoint.FILE_NAME)).momentum().toFloatVector(),
        TrainingCheckpoint.load(resumed.outputDir().resolve(TrainingCheckpoint.FILE_NAME)).momentum().toFloatVector(),
        "W=" + workers + ": momentum after a mid-epoch resume");
    assertEquals(TrainStageResumeTest.losses(straight.outputDir()), TrainStageResumeTest.losses(resumed.outputDir()),
        "W=" + workers + ": train_log.jsonl, each step once with the same loss");
  }

  /** Every message in {@code e}'s cause chain (runners wrap a DoFn's exception differently). */
  private static String causes(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
      all.append(t).append('\n');
    }
    return all.toString();
  }
}
