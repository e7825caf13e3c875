package org.hrnetbeam.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.HrnetVariants;
import org.hrnetbeam.schedule.Schedule;
import org.hrnetbeam.train.resume.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 5's "kill the process at a random moment and resume": a training run in a child JVM is
 * killed with SIGKILL after a random delay (seeded; the seed is printed, and
 * {@code -DkillAndResume.seed=N} replays it), twice, each time resuming from what the previous
 * child left; after every kill the checkpoint on disk must load. With AVERAGING_FREQUENCY 1 the
 * run checkpoints after every iteration, so most kills land after a mid-epoch checkpoint and the
 * next child resumes inside the epoch. The run is then finished in this JVM with TRAIN.RESUME and
 * must end with the weights and momentum of an uninterrupted run, bit for bit, and with its
 * train_log.jsonl losses (each step once). Also: a checkpoint write that fails for lack of space
 * keeps the previous checkpoint.
 */
class KillAndResumeTest {
  private static final int EPOCHS = 3;
  private static final int KILLS = 2;
  private static final long RUN_SEED = 11;
  /** K = 1: a checkpoint after every iteration, so kills land after mid-epoch checkpoints. */
  private static final List<String> EVERY_ITERATION = List.of("PIPELINE.AVERAGING_FREQUENCY", "1");

  @TempDir
  Path tmp;

  @Test
  void aRunKilledAtRandomMomentsAndResumedEndsWithTheUninterruptedWeights() throws Exception {
    long seed = Long.getLong("killAndResume.seed", System.nanoTime());
    System.out.println("KillAndResumeTest seed " + seed + " (replay with -DkillAndResume.seed=" + seed + ")");
    SplittableRandom random = new SplittableRandom(seed);
    // 8 training images in batches of 2: 4 iterations per epoch, 3 epochs, 12 steps.
    Path shards = tmp.resolve("shards");
    ShardManifest manifest = SyntheticShards.write(shards, 8, 2);

    Path straightDir = tmp.resolve("straight");
    FirstOutputClock clock = new FirstOutputClock();
    org.hrnetbeam.config.ExperimentConfig straightConfig = config(straightDir);
    Trainer straight = new TrainingRun(RunSettings.from(straightConfig, manifest, RUN_SEED),
        Schedule.from(straightConfig, manifest.samples("train"), 0), manifest, straightDir,
        new PrintStream(clock, true)).run();
    // From the first iteration line to the end: the span a child's kill delay is drawn over.
    double trainingSeconds = clock.secondsSinceFirstOutput();

    Path killedDir = tmp.resolve("killed");
    List<String> report = new ArrayList<>();
    int lastNextEpoch = 0;
    long lastStep = 0;
    for (int round = 0; round < KILLS; round++) {
      // Over what is left of the run, measured in this JVM; a fresh child (JIT cold) is a little
      // slower, so most delays land inside its run, in an epoch or in a checkpoint write.
      double delay = random.nextDouble() * trainingSeconds * (EPOCHS - lastNextEpoch) / EPOCHS;
      Path childTmp = Files.createDirectories(tmp.resolve("child-tmp-" + round));
      List<String> childArgs = new ArrayList<>(List.of("train", shards.toString(), killedDir.toString(),
          String.valueOf(RUN_SEED), "TRAIN.END_EPOCH", String.valueOf(EPOCHS), "TRAIN.RESUME", "true"));
      childArgs.addAll(EVERY_ITERATION);
      try (ChildJvm child = ChildJvm.start(KillAndResumeChild.class, childArgs, Paths.get("").toAbsolutePath(),
          childTmp, 0)) {
        boolean training = child.awaitLine(l -> l.startsWith("Epoch:") || l.equals(KillAndResumeChild.DONE), 120,
            TimeUnit.SECONDS);
        if (!training && child.isAlive()) {
          fail("round " + round + ": the child printed no iteration line within 120 s\n" + child.transcript());
        }
        Thread.sleep((long) (delay * 1000));
        boolean killed = child.kill();
        // A child that ended by itself must have finished; give its last line time to be read.
        if (!killed && !child.awaitLine(KillAndResumeChild.DONE::equals, 5, TimeUnit.SECONDS)) {
          fail("round " + round + ": the child ended by itself without finishing\n" + child.transcript());
        }
        TrainingState left = loadableCheckpoint(killedDir, round);
        assertTrue(left.globalStep() >= lastStep, "round " + round + ": checkpoint went back from step " + lastStep
            + " to " + left.globalStep());
        lastStep = left.globalStep();
        lastNextEpoch = left.nextEpoch();
        List<String> printed = child.stdout();
        report.add(String.format(java.util.Locale.ROOT,
            "round %d: %s after %.2f s of training; last line '%s'; checkpoint at epoch %d iteration %d; "
                + "checkpoint temp files left: %s", round, killed ? "killed" : "finished before the kill", delay,
            printed.isEmpty() ? "" : printed.get(printed.size() - 1), left.nextEpoch(), left.nextIteration(),
            leftovers(killedDir, childTmp)));
      }
    }
    System.out.printf(java.util.Locale.ROOT, "uninterrupted run: %.2f s from its first iteration line%n",
        trainingSeconds);
    report.forEach(System.out::println);

    Trainer resumed = TrainRunFixture.run(config(killedDir, "TRAIN.RESUME", "true"), manifest, killedDir, RUN_SEED)
        .run();
    String where = "seed " + seed + ":\n" + String.join("\n", report);
    assertArrayEquals(straight.parameters().toFloatVector(), resumed.parameters().toFloatVector(),
        "weights (BN statistics included) after kills and resume, " + where);
    assertArrayEquals(straight.momentumBuffer().toFloatVector(), resumed.momentumBuffer().toFloatVector(),
        "momentum after kills and resume, " + where);
    TrainingState end = TrainingCheckpoint.load(killedDir.resolve(TrainingCheckpoint.FILE_NAME)).state();
    assertEquals(EPOCHS, end.nextEpoch(), where);
    assertEquals(TrainingCheckpoint.load(straightDir.resolve(TrainingCheckpoint.FILE_NAME)).state().globalStep(),
        end.globalStep(), where);
    assertEquals(MidEpochResumeTest.logged(straightDir), MidEpochResumeTest.logged(killedDir),
        "train_log.jsonl after kills and resume: each step once, same losses, " + where);
  }

  @Test
  void aCheckpointWriteThatRunsOutOfSpaceFailsAndKeepsThePreviousCheckpoint() throws Exception {
    Path target = tmp.resolve("out").resolve(TrainingCheckpoint.FILE_NAME);
    Files.createDirectories(target.getParent());
    HrnetModel model = HrnetModel.create(HrnetVariants.spec("w18_small_v1", 3, false, 0.1), 1);
    TrainingCheckpoint.save(target, model, Nd4j.zerosLike(model.graph().params()),
        new TrainingState(1, 4, 0.25, 1, "previous"), Map.of());
    byte[] previous = Files.readAllBytes(target);

    // The checkpoint is several MiB; a 1 MiB file-size limit makes the child's write fail with
    // EFBIG ("File too large") part-way, as a full disk fails a write with ENOSPC.
    Path childTmp = Files.createDirectories(tmp.resolve("child-tmp"));
    int status;
    String transcript;
    try (ChildJvm child = ChildJvm.start(KillAndResumeChild.class, List.of("save-checkpoint", target.toString()),
        Paths.get("").toAbsolutePath(), childTmp, 1024)) {
      status = child.awaitExit(120, TimeUnit.SECONDS);
      transcript = child.transcript();
      child.stderr().stream().filter(l -> l.startsWith("child:")).forEach(System.out::println);
    }
    assertEquals(KillAndResumeChild.WRITE_FAILED, status, "the write should have failed:\n" + transcript);
    assertTrue(transcript.contains("File too large"), "not the file-size failure this test makes:\n" + transcript);
    assertTrue(transcript.contains("could not write " + target), "the error should name the checkpoint:\n" + transcript);
    assertArrayEquals(previous, Files.readAllBytes(target), "the previous checkpoint changed");
    assertEquals(1, TrainingCheckpoint.load(target).state().nextEpoch());
    assertEquals("[]", leftovers(target.getParent(), childTmp), "temporary files left behind");
  }

  /** A console that notes when the run first prints (its first iteration line). */
  private static final class FirstOutputClock extends OutputStream {
    private volatile long first;

    @Override
    public void write(int b) {
      if (first == 0) {
        first = System.nanoTime();
      }
    }

    double secondsSinceFirstOutput() {
      return first == 0 ? 0 : (System.nanoTime() - first) / 1e9;
    }
  }

  private static org.hrnetbeam.config.ExperimentConfig config(Path out, String... more) {
    List<String> overrides = new ArrayList<>(List.of("TRAIN.END_EPOCH", String.valueOf(EPOCHS)));
    overrides.addAll(EVERY_ITERATION);
    overrides.addAll(List.of(more));
    return TrainRunFixture.config(out, overrides.toArray(String[]::new));
  }

  /** The checkpoint's state, the start when none was written yet; fails when the file does not load. */
  private static TrainingState loadableCheckpoint(Path dir, int round) {
    Path file = dir.resolve(TrainingCheckpoint.FILE_NAME);
    if (!Files.exists(file)) {
      return TrainingState.start(RUN_SEED, "");
    }
    try {
      return TrainingCheckpoint.load(file).state();
    } catch (IOException | RuntimeException e) {
      throw new AssertionError("round " + round + ": the checkpoint left by the killed run does not load: " + e, e);
    }
  }

  /**
   * Temporary checkpoint or model files a write left: its sibling in the output dir, or a file in
   * java.io.tmpdir or in the process's staging folder there (an empty staging folder is no leftover).
   */
  private static String leftovers(Path outputDir, Path childTmp) throws IOException {
    List<String> names = new ArrayList<>();
    for (Path dir : List.of(outputDir, childTmp)) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.walk(dir, 2)) {
          files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString())
              .filter(n -> n.contains(".tmp-") || n.startsWith("hrnet-")).sorted().forEach(names::add);
        }
      }
    }
    return names.toString();
  }
}
