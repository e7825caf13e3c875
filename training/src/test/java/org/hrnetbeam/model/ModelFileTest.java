package org.hrnetbeam.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.weights.Npy;
import org.hrnetbeam.weights.Npz;
import org.hrnetbeam.weights.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

class ModelFileTest {

  @Test
  void savedModelRestoresWithItsSpecAndPredictsTheSame(@TempDir Path dir) throws IOException {
    Path fixture = TestData.parityFixture();
    HrnetSpec spec = HrnetVariants.spec("w18_small_v1", 19, false, 0.01);
    HrnetModel model = HrnetModel.create(spec, 1);
    StateDictBinding.load(model.graph(), Npz.read(fixture.resolve("w18s1_state_dict.npz")));
    Path file = dir.resolve("m.zip");
    ModelFile.save(model, file, false, Map.of("source", "w18s1_state_dict.npz"));

    assertTrue(ModelFile.isModelFile(file));
    assertFalse(ModelFile.isModelFile(fixture.resolve("w18s1_state_dict.npz")));
    assertFalse(ModelFile.isModelFile(fixture.resolve("w18s1_state_dict.pth")));
    HrnetModel restored = ModelFile.load(file, false);
    assertEquals(spec, restored.spec());
    assertEquals("w18s1_state_dict.npz", ModelFile.provenance(file).get("source"));
    INDArray input = input(fixture);
    assertEquals(model.logits(input), restored.logits(input));
  }

  @Test
  void modelSourceOpensACheckpointAndRejectsAForeignSpec(@TempDir Path dir) throws IOException {
    Path fixture = TestData.parityFixture();
    HrnetSpec spec = HrnetVariants.spec("w18_small_v1", 19, false, 0.01);
    ModelSource.Opened opened = ModelSource.open(fixture.resolve("w18s1_state_dict.pth"), spec, 0);
    assertTrue(opened.report().complete(), opened.report().summary());
    INDArray expected = array(fixture.resolve("logits_eval_1x19x16x32.npy"));
    double diff = expected.sub(opened.model().logits(input(fixture))).amaxNumber().doubleValue();
    assertTrue(diff < 2e-3, "logits from the .pth differ by " + diff);

    Path file = dir.resolve("m.zip");
    ModelFile.save(opened.model(), file, false, Map.of());
    assertNull(ModelSource.open(file, spec, 0).report());
    HrnetSpec other = HrnetVariants.spec("w18_small_v1", 11, false, 0.01);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSource.open(file, other, 0));
    assertTrue(e.getMessage().contains("different spec"), e.getMessage());
  }

  @Test
  void pretrainedKeyOfAConfigLoadsTheCheckpoint() throws IOException {
    Path fixture = TestData.parityFixture();
    Path cfg = repoRoot().resolve("conf/demo/seg_hrnet_w18_small_v1_demo.yaml");
    ExperimentConfig config = ExperimentConfig.load(cfg,
        List.of("MODEL.PRETRAINED", fixture.resolve("w18s1_state_dict.npz").toString()));
    ModelSource.Opened opened = HrnetModel.fromConfig(config, 0, new NoOp());
    assertEquals(363, opened.report().loaded(), opened.report().summary());
    INDArray expected = array(fixture.resolve("logits_eval_1x19x16x32.npy"));
    assertTrue(expected.sub(opened.model().logits(input(fixture))).amaxNumber().doubleValue() < 2e-3);
  }

  private static INDArray input(Path fixture) throws IOException {
    return array(fixture.resolve("input_1x3x64x128.npy"));
  }

  private static INDArray array(Path file) throws IOException {
    Tensor t = Npy.read(file);
    return Nd4j.create(t.floats(), t.shape(), 'c');
  }

  private static Path repoRoot() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("conf"))) {
      dir = dir.getParent();
    }
    return dir;
  }
}
