package org.hrnetbeam.trainstage;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.prepare.PrepareFixtures;
import org.hrnetbeam.prepare.PreparePipeline;
import org.hrnetbeam.prepare.PrepareSettings;

/**
 * Small real training inputs: the first CamVid pairs, prepared into shards by the prepare pipeline
 * with 64×48 crops from images scaled to a 96-pixel base size, and a W18-small-v1 config on them
 * (batch 2, one copy per image, PRINT_FREQ 1).
 */
final class TrainStageFixtures {
  static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  private TrainStageFixtures() {
  }

  /** Shards of {@code train} training and {@code val} validation CamVid images under {@code dir}. */
  static Path shards(Path dir, int train, int val) throws IOException {
    Path root = dir.resolve("camvid");
    PrepareFixtures.copySubset(root, train, val);
    Path shards = dir.resolve("shards");
    ExperimentConfig cfg = config(root, shards, dir.resolve("unused-out"));
    PreparePipeline.run(PrepareSettings.from(cfg, 2026), cfg, PipelineOptionsFactory.fromArgs("--runner=DirectRunner")
        .create());
    return shards;
  }

  /** The experiment on {@code shards}, writing under {@code out}, with more overrides. */
  static ExperimentConfig config(Path root, Path shards, Path out, String... overrides) {
    List<String> all = new ArrayList<>(List.of("DATASET.ROOT", root.toString(), "PIPELINE.SHARD_DIR", shards.toString(),
        "OUTPUT_DIR", out.toString(), "LOG_DIR", out.resolve("log").toString(),
        "TRAIN.IMAGE_SIZE", "[64, 48]", "TRAIN.BASE_SIZE", "96", "PIPELINE.AUGMENT_COPIES", "1",
        "PIPELINE.NUM_SHARDS", "2", "TRAIN.BATCH_SIZE_PER_GPU", "2", "TRAIN.END_EPOCH", "1", "TRAIN.RESUME", "false",
        "PRINT_FREQ", "1", "WORKERS", "1", "TRAIN.LR", "0.05", "PIPELINE.TRAIN_WORKERS", "1",
        "PIPELINE.AVERAGING_FREQUENCY", "1"));
    all.addAll(List.of(overrides));
    return ExperimentConfig.load(PrepareFixtures.conf().resolve("camvid/seg_hrnet_w18_small_v1_camvid.yaml"), all);
  }

  /** The config of a training run on {@code shards} (root unused by training). */
  static ExperimentConfig trainConfig(Path shards, Path out, String... overrides) {
    return config(shards.resolveSibling("camvid"), shards, out, overrides);
  }

  static PipelineOptions direct() {
    PipelineOptions o = PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create();
    o.as(DirectOptions.class).setEnforceImmutability(false);
    o.as(DirectOptions.class).setEnforceEncodability(false);
    return o;
  }

  static PipelineOptions flink(int parallelism) {
    return PipelineOptionsFactory.fromArgs("--runner=FlinkRunner", "--flinkMaster=[local]",
        "--parallelism=" + parallelism).create();
  }
}
