package org.hrnetbeam.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.HrnetVariants;
import org.hrnetbeam.schedule.Schedule;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The program {@link KillAndResumeTest} starts in a child JVM, so that it can be killed with
 * SIGKILL at any moment without taking the test JVM with it.
 *
 * <ul>
 *   <li>{@code train SHARDS OUT SEED [KEY VALUE ...]}: a {@link TrainRunFixture} run on the shards
 *       in SHARDS, its console on stdout; prints {@code child: done} when the schedule is complete.
 *   <li>{@code save-checkpoint TARGET}: writes one checkpoint of a fresh 3-class model to TARGET and
 *       prints {@code child: saved}; a failure is printed to stderr and exits with status 3 (the
 *       test runs this under a file-size limit to make the write fail as a full disk would).
 * </ul>
 */
public final class KillAndResumeChild {
  static final String DONE = "child: done";
  static final String SAVED = "child: saved";
  static final int WRITE_FAILED = 3;

  private KillAndResumeChild() {
  }

  public static void main(String[] args) throws Exception {
    switch (args.length == 0 ? "" : args[0]) {
      case "train" -> train(args);
      case "save-checkpoint" -> saveCheckpoint(Path.of(args[1]));
      default -> throw new IllegalArgumentException("usage: train SHARDS OUT SEED [KEY VALUE ...] | save-checkpoint TARGET,"
          + " got " + Arrays.toString(args));
    }
  }

  private static void train(String[] args) throws Exception {
    ShardManifest manifest = ShardManifest.read(Path.of(args[1]));
    Path out = Path.of(args[2]);
    long seed = Long.parseLong(args[3]);
    String[] overrides = Arrays.copyOfRange(args, 4, args.length);
    ExperimentConfig config = TrainRunFixture.config(out, overrides);
    new TrainingRun(RunSettings.from(config, manifest, seed), Schedule.from(config, manifest.samples("train"), 0),
        manifest, out, System.out).run();
    System.out.println(DONE);
    System.out.flush();
  }

  private static void saveCheckpoint(Path target) {
    try {
      HrnetModel model = HrnetModel.create(HrnetVariants.spec("w18_small_v1", 3, false, 0.1), 4);
      Files.createDirectories(target.getParent());
      TrainingCheckpoint.save(target, model, Nd4j.zerosLike(model.graph().params()),
          new TrainingState(2, 8, 0.5, 4, "child"), Map.of("made_by", "KillAndResumeChild"));
      System.out.println(SAVED);
    } catch (Throwable e) {
      System.err.println("child: write failed: " + e);
      System.exit(WRITE_FAILED);
    }
    System.exit(0);
  }
}
