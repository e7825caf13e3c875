package org.hrnetbeam.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.schedule.Schedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single-process loop checkpoints inside an epoch every AVERAGING_FREQUENCY ×
 * CHECKPOINT_EVERY_ROUNDS iterations, and a run that crashes mid-epoch resumes from that
 * checkpoint to the uninterrupted run's weights, momentum and train_log.jsonl losses.
 */
class MidEpochResumeTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  private static final long SEED = 13;

  @TempDir
  Path tmp;

  @Test
  void aRunCrashedMidEpochResumesFromTheRoundCheckpointToTheUninterruptedResult() throws Exception {
    // 6 images, batch 2: 3 iterations in the one epoch; K = 1, a checkpoint after every iteration
    // but the last (the epoch's own checkpoint follows validation).
    ShardManifest manifest = SyntheticShards.write(tmp.resolve("shards"), 6, 2);
    Path straightDir = tmp.resolve("straight");
    Trainer straight = TrainRunFixture.run(config(straightDir), manifest, straightDir, SEED).run();

    Path crashedDir = tmp.resolve("crashed");
    IllegalStateException crash = assertThrows(IllegalStateException.class,
        () -> crashingRun(config(crashedDir), manifest, crashedDir, 0, 2).run());
    assertEquals("simulated crash at epoch 0, iteration 2", crash.getMessage());
    TrainingState left = TrainingCheckpoint.load(crashedDir.resolve(TrainingCheckpoint.FILE_NAME)).state();
    assertEquals(0, left.nextEpoch());
    assertEquals(2, left.nextIteration(), "the checkpoint after iteration 1");
    assertEquals(2, left.globalStep());
    assertEquals(2, left.epochSoFar().losses().length);

    Trainer resumed = TrainRunFixture.run(config(crashedDir, "TRAIN.RESUME", "true"), manifest, crashedDir, SEED)
        .run();
    assertArrayEquals(straight.parameters().toFloatVector(), resumed.parameters().toFloatVector(),
        "weights (BN statistics included) after a mid-epoch resume");
    assertArrayEquals(straight.momentumBuffer().toFloatVector(), resumed.momentumBuffer().toFloatVector(),
        "momentum after a mid-epoch resume");
    assertEquals(logged(straightDir), logged(crashedDir), "train_log.jsonl: each step once, same losses");
    TrainingState end = TrainingCheckpoint.load(crashedDir.resolve(TrainingCheckpoint.FILE_NAME)).state();
    assertEquals(1, end.nextEpoch());
    assertEquals(0, end.nextIteration());
    assertEquals(3, end.globalStep());
  }

  @Test
  void withCheckpointsAtEpochEndsOnlyNoneIsWrittenInsideAnEpoch() throws Exception {
    ShardManifest manifest = SyntheticShards.write(tmp.resolve("shards"), 6, 2);
    Path dir = tmp.resolve("epoch-ends");
    ExperimentConfig config = config(dir, "PIPELINE.CHECKPOINT_EVERY_ROUNDS", "0");
    assertThrows(IllegalStateException.class, () -> crashingRun(config, manifest, dir, 0, 2).run());
    assertFalse(Files.exists(dir.resolve(TrainingCheckpoint.FILE_NAME)), "a checkpoint inside the epoch");
  }

  private static ExperimentConfig config(Path out, String... more) {
    List<String> overrides = new ArrayList<>(List.of("PIPELINE.AVERAGING_FREQUENCY", "1", "TRAIN.END_EPOCH", "1"));
    overrides.addAll(List.of(more));
    return TrainRunFixture.config(out, overrides.toArray(String[]::new));
  }

  /** A run whose epoch {@code epoch} throws when iteration {@code iteration} ends, before its checkpoint. */
  private static TrainingRun crashingRun(ExperimentConfig config, ShardManifest manifest, Path out, int epoch,
      long iteration) {
    RunSettings settings = RunSettings.from(config, manifest, SEED);
    EpochTrainer inProcess = new InProcessEpochs(manifest, settings.trainData());
    EpochTrainer crashing = new EpochTrainer() {
      @Override
      public void train(Trainer trainer, EpochWork work, RoundCheckpoints checkpoints, IterationLog log)
          throws IOException {
        inProcess.train(trainer, work, checkpoints, (it, loss, iterationNanos, dataNanos) -> {
          if (work.epoch() == epoch && it == iteration) {
            throw new IllegalStateException("simulated crash at epoch " + epoch + ", iteration " + iteration);
          }
          log.iteration(it, loss, iterationNanos, dataNanos);
        });
      }

      @Override
      public boolean printsProgress() {
        return false;
      }

      @Override
      public String description() {
        return inProcess.description();
      }
    };
    return new TrainingRun(settings, Schedule.from(config, manifest.samples("train"), 0), manifest, out, QUIET,
        crashing);
  }

  /** type, step and loss of every train_log.jsonl line (times differ between runs). */
  static List<String> logged(Path outputDir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(outputDir.resolve("train_log.jsonl"))) {
      JsonNode node = json.readTree(line);
      out.add(node.path("type").asText() + " " + node.path("epoch").asInt() + " " + node.path("step").asLong() + " "
          + node.path("loss").asDouble());
    }
    return out;
  }
}
