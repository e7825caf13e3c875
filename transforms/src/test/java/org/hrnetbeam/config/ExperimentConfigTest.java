package org.hrnetbeam.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExperimentConfigTest {
  private static final Path CONF = Path.of("..", "conf");

  @TempDir Path dir;

  static Stream<Path> shippedExperiments() throws IOException {
    try (Stream<Path> files = Files.walk(CONF)) {
      return files.filter(p -> p.toString().endsWith(".yaml") && !p.startsWith(CONF.resolve("labelmaps")))
          .sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("shippedExperiments")
  void everyShippedExperimentLoadsAndRoundTripsThroughItsYaml(Path yaml) throws IOException {
    ExperimentConfig config = ExperimentConfig.load(yaml, List.of());
    Path copy = dir.resolve(yaml.getFileName());
    Files.writeString(copy, config.toYaml());
    ExperimentConfig reread = ExperimentConfig.load(copy, List.of());
    assertEquals(config, reread);
    assertEquals(config.hash(), reread.hash());
  }

  @Test
  void referenceCityscapesYamlKeepsItsQuirks() {
    ExperimentConfig w48 = ExperimentConfig.load(
        CONF.resolve("cityscapes/seg_hrnet_w48_trainval_512x1024_sgd_lr1e-2_wd5e-4_bs_12_epoch484x2.yaml"), List.of());
    assertEquals(List.of(0, 1, 2, 3), w48.getIntList("GPUS"));
    assertEquals(1, w48.getInt("MODEL.EXTRA.STAGE1.NUM_RANCHES"));
    assertFalse(w48.has("MODEL.EXTRA.STAGE1.NUM_BRANCHES"));
    assertEquals(List.of(48, 96, 192, 384), w48.getIntList("MODEL.EXTRA.STAGE4.NUM_CHANNELS"));
    assertEquals(0.0005, w48.getDouble("TRAIN.WD"));
    assertEquals(484, w48.getInt("TRAIN.EXTRA_EPOCH"));
    assertEquals("list/cityscapes/trainval.lst", w48.getString("DATASET.EXTRA_TRAIN_SET"));
    assertFalse(w48.getBoolean("MODEL.ALIGN_CORNERS"));
    assertEquals("output/cityscapes/seg_hrnet_w48_trainval_512x1024_sgd_lr1e-2_wd5e-4_bs_12_epoch484x2", w48.outputDir());
    assertTrue(w48.toYaml().contains("GPUS: (0,1,2,3)\n"), "GPUS is written back as the reference writes it");
  }

  @Test
  void defaultsAreTheReferenceDefaults() {
    ExperimentConfig d = ExperimentConfig.defaults();
    assertEquals(List.of(0), d.getIntList("GPUS"));
    assertEquals(0.01, d.getDouble("TRAIN.LR"));
    assertEquals(List.of(1024, 512), d.getIntList("TRAIN.IMAGE_SIZE"));
    assertEquals(-1, d.getInt("TRAIN.IGNORE_LABEL"));
    assertTrue(d.getBoolean("MODEL.ALIGN_CORNERS"));
    assertEquals(100000, d.getInt("LOSS.OHEMKEEP"));
    assertTrue(d.toYaml().contains("GPUS: (0,)\n"));
  }

  @Test
  void stringsAreEvaluatedAsPythonLiteralsLikeYacs() throws IOException {
    Path yaml = write("a.yaml", "TRAIN:\n  LR: 5e-4\n  IMAGE_SIZE: '(640, 480)'\nGPUS: (0,1)\n");
    ExperimentConfig c = ExperimentConfig.load(yaml, List.of());
    assertEquals(0.0005, c.getDouble("TRAIN.LR"));
    assertEquals(List.of(640, 480), c.getIntList("TRAIN.IMAGE_SIZE"));
    assertEquals(List.of(0, 1), c.getIntList("GPUS"));
  }

  @Test
  void overridesApplyLastAndAreTyped() throws IOException {
    Path yaml = write("b.yaml", "TRAIN:\n  LR: 0.1\n");
    ExperimentConfig c = ExperimentConfig.load(yaml, List.of(
        "TRAIN.LR", "0.02", "TRAIN.END_EPOCH", "2", "TRAIN.RESUME", "True",
        "MODEL.EXTRA.STAGE2.NUM_CHANNELS", "[18,36]", "OUTPUT_DIR", "gs://bucket/runs", "TRAIN.NONBACKBONE_KEYWORDS", "['last_layer']"));
    assertEquals(0.02, c.getDouble("TRAIN.LR"));
    assertEquals(2, c.getInt("TRAIN.END_EPOCH"));
    assertTrue(c.getBoolean("TRAIN.RESUME"));
    assertEquals(List.of(18, 36), c.getIntList("MODEL.EXTRA.STAGE2.NUM_CHANNELS"));
    assertEquals(List.of("last_layer"), c.getStringList("TRAIN.NONBACKBONE_KEYWORDS"));
    assertEquals("gs://bucket/runs/cityscapes/b", c.outputDir());
  }

  @Test
  void misspeltTopLevelKeyNamesItAndTheNearestKey() throws IOException {
    Path yaml = write("c.yaml", "PRINT_FREQQ: 10\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ExperimentConfig.load(yaml, List.of()));
    assertTrue(e.getMessage().contains("PRINT_FREQQ"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean PRINT_FREQ?"), e.getMessage());
    assertTrue(e.getMessage().contains("c.yaml"), e.getMessage());
  }

  @Test
  void misspeltNestedKeyNamesItsFullPath() throws IOException {
    Path yaml = write("d.yaml", "MODEL:\n  EXTRA:\n    STAGE2:\n      NUM_BLOCK: [2, 2]\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ExperimentConfig.load(yaml, List.of()));
    assertTrue(e.getMessage().contains("unknown config key MODEL.EXTRA.STAGE2.NUM_BLOCK "), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean MODEL.EXTRA.STAGE2.NUM_BLOCKS?"), e.getMessage());
  }

  @Test
  void misspeltOverrideFailsTheSameWay() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ExperimentConfig.defaults().withOverrides(List.of("TRAIN.LRR", "0.1")));
    assertTrue(e.getMessage().contains("unknown config key TRAIN.LRR on the command line; did you mean TRAIN.LR?"), e.getMessage());
  }

  @Test
  void oddOverrideCountNamesTheDanglingWord() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ExperimentConfig.defaults().withOverrides(List.of("TRAIN.LR", "0.1", "TRAIN.END_EPOCH")));
    assertTrue(e.getMessage().contains("'TRAIN.END_EPOCH' has no value"), e.getMessage());
  }

  @Test
  void wrongTypeNamesKeyValueAndExpectedType() throws IOException {
    Path yaml = write("e.yaml", "TRAIN:\n  BATCH_SIZE_PER_GPU: many\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ExperimentConfig.load(yaml, List.of()));
    assertEquals("config key TRAIN.BATCH_SIZE_PER_GPU: value 'many' is not an integer (in " + yaml + ")", e.getMessage());
    ConfigException list = assertThrows(ConfigException.class,
        () -> ExperimentConfig.defaults().withOverrides(List.of("TRAIN.IMAGE_SIZE", "[512, 'x']")));
    assertTrue(list.getMessage().contains("is not a list of integers"), list.getMessage());
  }

  @Test
  void badValueNamesTheRequirement() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ExperimentConfig.defaults().withOverrides(List.of("PIPELINE.COMPRESSION", "zstd")));
    assertTrue(e.getMessage().contains("PIPELINE.COMPRESSION") && e.getMessage().contains("[none, gzip]"), e.getMessage());
  }

  @Test
  void sectionGivenAValueIsRefused() throws IOException {
    Path yaml = write("f.yaml", "TRAIN: 3\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ExperimentConfig.load(yaml, List.of()));
    assertTrue(e.getMessage().contains("TRAIN") && e.getMessage().contains("is a section"), e.getMessage());
  }

  @Test
  void baseFileIsInheritedAndOverridden() throws IOException {
    write("base.yaml", "TRAIN:\n  LR: 0.5\n  END_EPOCH: 7\nDATASET:\n  DATASET: camvid\n");
    Path child = write("child.yaml", "_BASE_: base.yaml\nTRAIN:\n  LR: 0.25\n");
    ExperimentConfig c = ExperimentConfig.load(child, List.of());
    assertEquals(0.25, c.getDouble("TRAIN.LR"));
    assertEquals(7, c.getInt("TRAIN.END_EPOCH"));
    assertEquals("child", c.name());
    assertEquals("camvid/child", c.outputDir());
  }

  @Test
  void baseLoopIsReported() throws IOException {
    write("x.yaml", "_BASE_: y.yaml\n");
    Path y = write("y.yaml", "_BASE_: x.yaml\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ExperimentConfig.load(y, List.of()));
    assertTrue(e.getMessage().contains("loops"), e.getMessage());
  }

  @Test
  void missingFileIsNamed() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ExperimentConfig.load(dir.resolve("nope.yaml"), List.of()));
    assertTrue(e.getMessage().contains("nope.yaml"), e.getMessage());
  }

  @Test
  void hashChangesWithAnyValue() {
    ExperimentConfig a = ExperimentConfig.defaults();
    ExperimentConfig b = a.withOverrides(List.of("TRAIN.LR", "0.011"));
    assertNotEquals(a.hash(), b.hash());
    assertEquals(a.hash(), ExperimentConfig.defaults().hash());
  }

  @Test
  void extraSectionReadsAsNestedMap() {
    ExperimentConfig c = ExperimentConfig.load(CONF.resolve("camvid/seg_hrnet_w18_small_v1_camvid.yaml"), List.of());
    Map<String, Object> extra = c.getMap("MODEL.EXTRA");
    assertEquals(1, extra.get("FINAL_CONV_KERNEL"));
    @SuppressWarnings("unchecked")
    Map<String, Object> stage4 = (Map<String, Object>) extra.get("STAGE4");
    assertEquals(List.of(16, 32, 64, 128), stage4.get("NUM_CHANNELS"));
    assertEquals(11, c.getInt("DATASET.NUM_CLASSES"));
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }
}
