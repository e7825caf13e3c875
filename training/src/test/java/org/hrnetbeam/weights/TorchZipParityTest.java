package org.hrnetbeam.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the real W18-small-v1 .pth fixture and checks it against the .npz and the key list. */
class TorchZipParityTest {
  @TempDir Path tmp;

  @Test
  void pthHoldsAll435EntriesWithTheListedShapesAndDtypes() throws IOException {
    LoadedCheckpoint ckpt = WeightFiles.read(TestFiles.parity("w18s1_state_dict.pth"));
    assertEquals(LoadedCheckpoint.Format.PYTORCH_ZIP, ckpt.format());
    List<ParityFixtureNumpyTest.KeyRow> rows = ParityFixtureNumpyTest.keyRows();
    StateDict model = ckpt.model();
    assertEquals(rows.stream().map(ParityFixtureNumpyTest.KeyRow::name).toList(), model.names());
    for (ParityFixtureNumpyTest.KeyRow r : rows) {
      assertEquals(r.dtype(), model.get(r.name()).dtype().toString(), r.name());
      assertArrayEquals(r.shape(), model.get(r.name()).shape(), r.name());
    }
    assertEquals(0, ckpt.extras().size());
    assertTrue(ckpt.epoch().isEmpty() && ckpt.bestMiou().isEmpty());
    assertArrayEquals(new long[] {0}, model.get("bn1.num_batches_tracked").longs());
  }

  @Test
  void pthAndNpzHoldIdenticalFloatTensors() throws IOException {
    StateDict pth = WeightFiles.read(TestFiles.parity("w18s1_state_dict.pth")).model();
    LoadedCheckpoint npz = WeightFiles.read(TestFiles.parity("w18s1_state_dict.npz"));
    assertEquals(LoadedCheckpoint.Format.NPZ, npz.format());
    assertEquals(363, npz.model().size());
    assertEquals(npz.model(), pth.filter(n -> !n.endsWith("num_batches_tracked")), "bit-identical float tensors");
  }

  @Test
  void npzPlusZeroBatchNormCountersEqualsThePth() throws IOException {
    StateDict pth = WeightFiles.read(TestFiles.parity("w18s1_state_dict.pth")).model();
    StateDict npz = WeightFiles.read(TestFiles.parity("w18s1_state_dict.npz")).model();
    StateDict completed = npz.withBatchNormCounters(0);
    assertEquals(435, completed.size());
    assertEquals(pth, completed, "same names, order and bytes as torch.save wrote");
  }

  @Test
  void writingThePthAndReadingItBackIsBitExact() throws IOException {
    StateDict original = WeightFiles.read(TestFiles.parity("w18s1_state_dict.pth")).model();
    Path out = tmp.resolve("copy.pth");
    WeightFiles.write(out, original);
    StateDict back = WeightFiles.read(out).model();
    assertEquals(original, back);
    assertEquals(435, back.size());
  }
}
