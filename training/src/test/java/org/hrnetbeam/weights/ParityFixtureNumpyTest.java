package org.hrnetbeam.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads the real HRNet-W18-small-v1 parity fixtures (skipped when ../shared is absent). */
class ParityFixtureNumpyTest {

  /** One row of state_dict_keys.tsv: index, name, shape, dtype, in_npz. */
  record KeyRow(String name, long[] shape, String dtype, boolean inNpz) {}

  static List<KeyRow> keyRows() throws IOException {
    List<KeyRow> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(TestFiles.parity("state_dict_keys.tsv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t");
      String dims = f[2].replaceAll("[\\[\\] ]", "");
      long[] shape = dims.isEmpty() ? new long[0] : Arrays.stream(dims.split(",")).mapToLong(Long::parseLong).toArray();
      rows.add(new KeyRow(f[1], shape, f[3], Boolean.parseBoolean(f[4].toLowerCase())));
    }
    return rows;
  }

  @Test
  void npzHoldsThe363FloatTensorsOfTheKeyListInOrder() throws IOException {
    StateDict npz = Npz.read(TestFiles.parity("w18s1_state_dict.npz"));
    List<KeyRow> rows = keyRows();
    assertEquals(435, rows.size());
    List<KeyRow> inNpz = rows.stream().filter(KeyRow::inNpz).toList();
    assertEquals(363, npz.size());
    assertEquals(inNpz.stream().map(KeyRow::name).toList(), npz.names());
    for (KeyRow r : inNpz) {
      Tensor t = npz.get(r.name());
      assertEquals(r.dtype(), t.dtype().toString(), r.name());
      assertArrayEquals(r.shape(), t.shape(), r.name());
    }
    assertArrayEquals(new long[] {64, 3, 3, 3}, npz.get("conv1.weight").shape());
    assertFalse(npz.contains("bn1.num_batches_tracked"));
    // BN running variances were drawn from U(0.5, 2.0): a wrong byte order or offset would break this.
    for (float v : npz.get("bn1.running_var").floats()) {
      assertEquals(1.25, v, 0.75 + 1e-6);
    }
  }

  @Test
  void npyFixturesMatchTheManifestStatistics() throws IOException {
    // Values from manifest.json ("files" section).
    checkStats("input_1x3x64x128.npy", new long[] {1, 3, 64, 128}, -4.18412446975708, 3.802687168121338,
        -0.0005988811026327312, 1.005098819732666);
    checkStats("logits_eval_1x19x16x32_float64.npy", new long[] {1, 19, 16, 32}, -452.17540352343553,
        201.01633565762805, -23.176391316848445, 111.36172875812096);
    checkStats("grad_conv1.weight.npy", new long[] {64, 3, 3, 3}, -0.11391102522611618, 0.11904959380626678,
        0.00027029227931052446, 0.025129545480012894);
    Tensor loss = Npy.read(TestFiles.parity("train_loss.npy"));
    assertEquals(0, loss.rank());
    assertEquals(3.310635566711426f, loss.floats()[0]);
  }

  @Test
  void int64LabelsHoldTheDocumentedIgnoreCount() throws IOException {
    Tensor labels = Npy.read(TestFiles.parity("train_labels_2x64x128_int64.npy"));
    assertEquals(DType.INT64, labels.dtype());
    assertArrayEquals(new long[] {2, 64, 128}, labels.shape());
    long ignored = Arrays.stream(labels.longs()).filter(v -> v == 255).count();
    long valid = Arrays.stream(labels.longs()).filter(v -> v >= 0 && v < 19).count();
    assertEquals(1729, ignored);
    assertEquals(14655, valid);
  }

  private static void checkStats(String file, long[] shape, double min, double max, double mean, double std)
      throws IOException {
    Tensor t = Npy.read(TestFiles.parity(file));
    assertArrayEquals(shape, t.shape(), file);
    double[] v = t.doubles();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    double sum = 0;
    for (double x : v) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
      sum += x;
    }
    double m = sum / v.length;
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    double s = Math.sqrt(ss / v.length);
    assertEquals(min, lo, 0, file + " min");
    assertEquals(max, hi, 0, file + " max");
    assertEquals(mean, m, 1e-6 * Math.max(1, Math.abs(std)), file + " mean");
    assertEquals(std, s, 1e-5 * std, file + " std");
  }
}
