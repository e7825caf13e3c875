package org.hrnetbeam.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TimeZone;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
  @TempDir Path tmp;

  private static StateDict sample() {
    return new StateDict()
        .put("conv1.weight", Tensor.ofFloats(new long[] {2, 1, 1, 2}, new float[] {1, -2, 3.5f, Float.NaN}))
        .put("bn1.num_batches_tracked", Tensor.ofLongs(new long[] {}, new long[] {42}))
        .put("a.double", Tensor.ofDoubles(new long[] {1}, new double[] {1e-300}));
  }

  @Test
  void roundTripsStoredAndDeflatedKeepingOrder() throws IOException {
    for (boolean compressed : new boolean[] {false, true}) {
      Path f = tmp.resolve("w" + compressed + ".npz");
      Npz.write(f, sample(), compressed);
      StateDict back = Npz.read(f);
      assertEquals(sample(), back);
      assertEquals(List.of("conv1.weight", "bn1.num_batches_tracked", "a.double"), back.names());
      try (ZipFile z = new ZipFile(f.toFile())) {
        int method = compressed ? ZipEntry.DEFLATED : ZipEntry.STORED;
        z.stream().forEach(e -> assertEquals(method, e.getMethod(), e.getName()));
      }
    }
  }

  @Test
  void writingTwiceGivesIdenticalBytes() throws IOException {
    Npz.write(tmp.resolve("a.npz"), sample(), false);
    Npz.write(tmp.resolve("b.npz"), sample(), false);
    assertArrayEquals(Files.readAllBytes(tmp.resolve("a.npz")), Files.readAllBytes(tmp.resolve("b.npz")));
  }

  @Test
  void bytesDoNotDependOnTheTimeZone() throws IOException {
    TimeZone saved = TimeZone.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
      Npz.write(tmp.resolve("utc.npz"), sample(), false);
      TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
      Npz.write(tmp.resolve("ist.npz"), sample(), false);
    } finally {
      TimeZone.setDefault(saved);
    }
    assertArrayEquals(Files.readAllBytes(tmp.resolve("utc.npz")), Files.readAllBytes(tmp.resolve("ist.npz")));
  }

  @Test
  void readsNumpyStoredAndCompressedArchives() throws IOException {
    StateDict deflated = Npz.read(TestFiles.golden("deflated.npz"));
    assertEquals(List.of("a.weight", "b.num"), deflated.names());
    assertArrayEquals(new float[] {0, 1, 2, 3}, deflated.get("a.weight").floats());
    assertArrayEquals(new long[] {3}, deflated.get("b.num").longs());
    StateDict stored = Npz.read(TestFiles.golden("stored.npz"));
    assertEquals(List.of("z.last", "a.first"), stored.names(), "zip order is kept, not sorted");
    assertArrayEquals(new long[] {2, 1}, stored.get("a.first").shape());
  }

  @Test
  void truncatedArchiveNamesTheFile() throws IOException {
    Path whole = tmp.resolve("whole.npz");
    Npz.write(whole, sample(), false);
    byte[] b = Files.readAllBytes(whole);
    Path cut = tmp.resolve("cut.npz");
    Files.write(cut, Arrays.copyOf(b, b.length / 2));
    WeightFileException e = assertThrows(WeightFileException.class, () -> Npz.read(cut));
    assertTrue(e.getMessage().startsWith(cut.toString()) && e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void missingTensorNamesTheClosestKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sample().get("conv1.weigth"));
    assertTrue(e.getMessage().contains("closest is 'conv1.weight'"), e.getMessage());
  }

  @Test
  void stripPrefixKeepsOtherNames() {
    StateDict d = new StateDict()
        .put("model.conv1.weight", Tensor.ofFloats(new long[] {1}, new float[] {1}))
        .put("loss.criterion.weight", Tensor.ofFloats(new long[] {1}, new float[] {2}));
    assertEquals(List.of("conv1.weight", "loss.criterion.weight"), d.stripPrefix("model.").names());
  }
}
