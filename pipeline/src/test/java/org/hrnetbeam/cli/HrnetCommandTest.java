package org.hrnetbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.hrnetbeam.config.ExperimentConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class HrnetCommandTest {
  @RegisterExtension final CapturedOutput output = new CapturedOutput();
  private static final String CAMVID = "../conf/camvid/seg_hrnet_w18_small_v1_camvid.yaml";


  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"config", "prepare", "train", "evaluate", "run", "demo", "infer", "import-weights", "export-weights"})
  void everySubCommandHasHelp(String command) {
    assertEquals(0, HrnetCommand.execute(command, "--help"));
    assertTrue(output.out().contains("Usage: hrnet " + command), output.out());
  }

  @Test
  void configPrintsTheResolvedYamlWithOverrides() throws Exception {
    assertEquals(0, HrnetCommand.execute("config", "--cfg", CAMVID, "TRAIN.LR", "0.02", "TRAIN.END_EPOCH", "2"));
    Path printed = dir.resolve("printed.yaml");
    Files.writeString(printed, output.out());
    ExperimentConfig reread = ExperimentConfig.load(printed, List.of());
    assertEquals(0.02, reread.getDouble("TRAIN.LR"));
    assertEquals(2, reread.getInt("TRAIN.END_EPOCH"));
    assertEquals(11, reread.getInt("DATASET.NUM_CLASSES"));
    assertTrue(output.out().contains("PIPELINE:\n  LAYOUT: 'list'"), output.out());
  }

  @Test
  void misspeltKeyExitsWithTwoAndTheNearestKey() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "_BASE_: " + Path.of(CAMVID).toAbsolutePath() + "\nTRAIN:\n  BATCH_SIZE_PER_GUP: 2\n");
    assertEquals(2, HrnetCommand.execute("config", "--cfg", bad.toString()));
    assertTrue(output.err().contains("did you mean TRAIN.BATCH_SIZE_PER_GPU?"), output.err());
    assertEquals(2, HrnetCommand.execute("config", "--cfg", CAMVID, "TEST.FLIP_TSET", "true"));
    assertTrue(output.err().contains("did you mean TEST.FLIP_TEST?"), output.err());
  }

  @Test
  void missingCfgIsAUsageError() {
    assertEquals(2, HrnetCommand.execute("config"));
    assertTrue(output.err().contains("--cfg"), output.err());
  }

  @Test
  void stageOptionsSplitOverridesFromBeamOptions() {
    StageOptions stage = parse("--cfg", CAMVID, "--seed", "7", "TRAIN.IGNORE_LABEL", "-1",
        "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2", "TRAIN.LR", "0.5");
    assertEquals(7, stage.seed());
    assertEquals(List.of("TRAIN.IGNORE_LABEL", "-1", "TRAIN.LR", "0.5"), stage.overrides());
    assertEquals(-1, stage.config().getInt("TRAIN.IGNORE_LABEL"));
    FlinkPipelineOptions flink = stage.pipelineOptions(1).as(FlinkPipelineOptions.class);
    assertEquals("[local]", flink.getFlinkMaster());
    assertEquals(2, flink.getParallelism());
    assertEquals("FlinkRunner", flink.getRunner().getSimpleName());
  }

  @Test
  void runnerDefaultsToTheEmbeddedDefaultAndSeedToTheReferences() {
    StageOptions stage = parse("--cfg", CAMVID);
    PipelineOptions options = stage.pipelineOptions(2);
    assertEquals(StageOptions.DEFAULT_RUNNER, options.getRunner().getSimpleName());
    assertEquals(2, options.as(DirectOptions.class).getTargetParallelism(),
        "DirectRunner gets one pool thread per busy DoFn, so its scheduling loop does not spin on a free one");
    assertEquals(304, stage.seed());
  }

  @Test
  void trainingGetsAThreadPerWorkerOnDirectRunnerAndNoElementCopiesOnFlink() {
    PipelineOptions chosen = parse("--cfg", CAMVID).trainingOptions(2);
    assertEquals("DirectRunner", chosen.getRunner().getSimpleName());
    assertEquals(2, chosen.as(DirectOptions.class).getTargetParallelism(),
        "one pool thread per worker, so DirectRunner's scheduling loop does not spin on a free one");
    PipelineOptions explicit = parse("--cfg", CAMVID, "--targetParallelism=5").trainingOptions(2);
    assertEquals(5, explicit.as(DirectOptions.class).getTargetParallelism(), "a given --targetParallelism wins");
    FlinkPipelineOptions flink = parse("--cfg", CAMVID, "--runner=FlinkRunner", "--flinkMaster=[local]",
        "--parallelism=2").trainingOptions(2).as(FlinkPipelineOptions.class);
    assertEquals(2, flink.getParallelism());
    assertTrue(flink.getFasterCopy(), "the stage's DoFns never modify their inputs");
    assertFalse(parse("--cfg", CAMVID, "--runner=FlinkRunner", "--fasterCopy=false").trainingOptions(1)
        .as(FlinkPipelineOptions.class).getFasterCopy(), "a given --fasterCopy wins");
    assertTrue(parse("--cfg", CAMVID, "--runner=FlinkRunner").pipelineOptions(PrepareCommand.PREPARE_THREADS)
        .as(FlinkPipelineOptions.class).getFasterCopy(), "prepare and evaluate skip the copies too");
  }

  @Test
  void unknownBeamOptionIsAUsageError() {
    StageOptions stage = parse("--cfg", CAMVID, "--runnr=FlinkRunner");
    UsageException e = assertThrows(UsageException.class, () -> stage.pipelineOptions(1));
    assertTrue(e.getMessage().contains("runnr"), e.getMessage());
  }

  @Test
  void resolvedConfigIsWrittenIntoTheOutputDirectory() throws Exception {
    StageOptions stage = parse("--cfg", CAMVID, "OUTPUT_DIR", dir.toString());
    Path written = stage.writeResolvedConfig();
    assertEquals(dir.resolve("camvid/seg_hrnet_w18_small_v1_camvid/config.yaml"), written);
    assertEquals(stage.config().hash(), ExperimentConfig.load(written, List.of()).hash());
  }

  private static StageOptions parse(String... args) {
    ConfigCommand command = new ConfigCommand();
    CommandLine cli = new CommandLine(command);
    cli.setUnmatchedOptionsArePositionalParams(true);
    cli.parseArgs(args);
    return command.stage;
  }
}
