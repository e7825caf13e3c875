package org.hrnetbeam.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.schedule.Schedule;

/**
 * A tiny CamVid W18-small-v1 experiment on {@link SyntheticShards}: 3 classes, 64×48 images,
 * batch 2, one worker, 4 training images (2 iterations per epoch), 2 validation images.
 */
final class TrainRunFixture {
  private TrainRunFixture() {
  }

  static ExperimentConfig config(Path outputDir, String... overrides) {
    Path cfg = repoRoot().resolve("conf/camvid/seg_hrnet_w18_small_v1_camvid.yaml");
    List<String> all = new ArrayList<>(List.of("OUTPUT_DIR", outputDir.toString(),
        "LOG_DIR", outputDir.resolve("log").toString(), "DATASET.NUM_CLASSES", "3",
        "TRAIN.BATCH_SIZE_PER_GPU", "2", "PIPELINE.TRAIN_WORKERS", "1", "TRAIN.END_EPOCH", "2",
        "PRINT_FREQ", "1", "WORKERS", "1", "PIPELINE.CLASS_WEIGHTS", "none", "TRAIN.LR", "0.05"));
    all.addAll(List.of(overrides));
    return ExperimentConfig.load(cfg, all);
  }

  static TrainingRun run(ExperimentConfig config, ShardManifest manifest, Path outputDir, long seed) {
    return new TrainingRun(RunSettings.from(config, manifest, seed),
        Schedule.from(config, manifest.samples("train"), 0), manifest, outputDir,
        new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
  }

  static ShardManifest shards(Path dir) throws IOException {
    return SyntheticShards.write(dir, 4, 2);
  }

  private static Path repoRoot() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("conf/camvid"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("conf/camvid not found above " + Paths.get("").toAbsolutePath());
  }
}
