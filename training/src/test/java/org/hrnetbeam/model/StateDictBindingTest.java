package org.hrnetbeam.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hrnetbeam.weights.Npz;
import org.hrnetbeam.weights.StateDict;
import org.hrnetbeam.weights.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictBindingTest {
  private static final HrnetSpec SPEC = HrnetVariants.spec("w18_small_v1", 19, false, 0.01);

  @Test
  void exportIsTheReferenceStateDictBitForBitInItsOrder() throws IOException {
    Path fixture = TestData.parityFixture();
    StateDict reference = Npz.read(fixture.resolve("w18s1_state_dict.npz"));
    HrnetModel model = HrnetModel.create(SPEC, 7);
    assertTrue(StateDictBinding.load(model.graph(), reference).complete());
    StateDict exported = StateDictBinding.toStateDict(model.graph());

    List<String> rows = Files.readAllLines(fixture.resolve("state_dict_keys.tsv"));
    List<String> torchOrder = rows.subList(1, rows.size()).stream().map(r -> r.split("\t")[1]).toList();
    assertEquals(torchOrder, exported.names(), "export must list keys in PyTorch's state_dict order");
    for (String name : reference.names()) {
      assertEquals(reference.get(name), exported.get(name), name);
    }
    Tensor counter = exported.get("bn1.num_batches_tracked");
    assertEquals(0, counter.rank());
    assertEquals(0L, counter.longs()[0]);
  }

  @Test
  void exportThenImportIsLossless(@TempDir Path dir) throws IOException {
    HrnetModel a = HrnetModel.create(SPEC, 1);
    Path file = dir.resolve("w.npz");
    Npz.write(file, StateDictBinding.toStateDict(a.graph()), false);
    HrnetModel b = HrnetModel.create(SPEC, 2);
    assertFalse(a.graph().params().equals(b.graph().params()));
    LoadReport report = StateDictBinding.load(b.graph(), Npz.read(file));
    assertTrue(report.complete(), report.summary());
    assertEquals(72, report.ignoredCounters());
    assertEquals(a.graph().params(), b.graph().params());
  }

  @Test
  void backboneCheckpointLoadsTheBackboneAndReportsTheRest() {
    HrnetModel source = HrnetModel.create(SPEC, 3);
    StateDict backbone = StateDictBinding.toStateDict(source.graph()).filter(n -> !n.startsWith("last_layer."));
    backbone.put("classifier.weight", Tensor.ofFloats(new long[]{1000, 2048}, new float[1000 * 2048]));
    HrnetModel target = HrnetModel.create(SPEC, 4);
    LoadReport report = StateDictBinding.load(target.graph(), backbone);
    assertEquals(363 - 8, report.loaded());
    assertEquals(8, report.notInCheckpoint().size());
    assertTrue(report.notInCheckpoint().contains("last_layer.3.weight"));
    assertEquals(List.of("classifier.weight"), report.unusedInCheckpoint());
    assertTrue(report.summary().contains("left as initialised (not in checkpoint): 8"), report.summary());
    assertEquals(source.graph().getLayer("conv1").getParam("W"), target.graph().getLayer("conv1").getParam("W"));
  }

  @Test
  void shapeMismatchIsReportedNotLoaded() {
    HrnetModel other = HrnetModel.create(HrnetVariants.spec("w18_small_v1", 150, false, 0.01), 5);
    HrnetModel target = HrnetModel.create(SPEC, 6);
    LoadReport report = StateDictBinding.load(target.graph(), StateDictBinding.toStateDict(other.graph()));
    assertEquals(List.of("last_layer.3.weight float32[150, 240, 1, 1] vs graph [19, 240, 1, 1]",
        "last_layer.3.bias float32[150] vs graph [19]"), report.shapeMismatch());
    assertEquals(363 - 2, report.loaded());
  }

  @Test
  void trainingCheckpointPrefixIsStripped() {
    HrnetModel source = HrnetModel.create(SPEC, 8);
    StateDict plain = StateDictBinding.toStateDict(source.graph());
    StateDict prefixed = new StateDict();
    for (String n : plain.names()) {
      prefixed.put("model." + n, plain.get(n));
    }
    prefixed.put("loss.criterion.weight", Tensor.ofFloats(new long[]{19}, new float[19]));
    HrnetModel target = HrnetModel.create(SPEC, 9);
    LoadReport report = StateDictBinding.load(target.graph(), prefixed);
    assertEquals(363, report.loaded());
    assertEquals(List.of("loss.criterion.weight"), report.unusedInCheckpoint());
    assertEquals(source.graph().params(), target.graph().params());
  }
}
