package org.hrnetbeam.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
  @TempDir Path tmp;

  @Test
  void readsNumpyFloat32AndWritesTheSameBytes() throws IOException {
    Path golden = TestFiles.golden("f32_2x3.npy");
    Tensor t = Npy.read(golden);
    assertEquals(DType.FLOAT32, t.dtype());
    assertArrayEquals(new long[] {2, 3}, t.shape());
    assertArrayEquals(new float[] {0f, 0.25f, 0.5f, 0.75f, 1f, 1.25f}, t.floats());
    assertArrayEquals(Files.readAllBytes(golden), Npy.toBytes(t), "our header and data must match np.save byte for byte");
  }

  @Test
  void writesTheSameBytesAsNumpyForEveryGoldenDtype() throws IOException {
    for (String name : new String[] {"i64_4.npy", "f64_scalar.npy", "u1_2x2.npy", "bool_3.npy"}) {
      Path golden = TestFiles.golden(name);
      assertArrayEquals(Files.readAllBytes(golden), Npy.toBytes(Npy.read(golden)), name);
    }
  }

  @Test
  void readsIntegerScalarAndBoolValues() throws IOException {
    Tensor longs = Npy.read(TestFiles.golden("i64_4.npy"));
    assertArrayEquals(new long[] {-2, 0, 7, 1L << 40}, longs.longs());
    Tensor scalar = Npy.read(TestFiles.golden("f64_scalar.npy"));
    assertEquals(0, scalar.rank());
    assertEquals(1, scalar.numel());
    assertArrayEquals(new double[] {-1.5}, scalar.doubles());
    assertArrayEquals(new long[] {0, 255, 7, 128}, Npy.read(TestFiles.golden("u1_2x2.npy")).longs());
    assertArrayEquals(new long[] {1, 0, 1}, Npy.read(TestFiles.golden("bool_3.npy")).longs());
  }

  @Test
  void readsFormatVersion2() throws IOException {
    Tensor t = Npy.read(TestFiles.golden("f32_v2_2x2.npy"));
    assertArrayEquals(new long[] {2, 2}, t.shape());
    assertArrayEquals(new float[] {1, 2, 3, 4}, t.floats());
  }

  @Test
  void roundTripsEveryDtypeAndShapeBitExactly() throws IOException {
    Tensor[] cases = {
      Tensor.ofFloats(new long[] {2, 1, 3}, new float[] {Float.NaN, -0f, Float.MIN_VALUE, 1e30f, -7f, 3.25f}),
      Tensor.ofDoubles(new long[] {}, new double[] {Math.PI}),
      Tensor.ofLongs(new long[] {3}, new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}),
      Tensor.of(DType.INT32, new long[] {2}, new byte[] {1, 0, 0, 0, -1, -1, -1, -1}),
      Tensor.of(DType.INT8, new long[] {2}, new byte[] {-128, 127}),
      Tensor.of(DType.UINT8, new long[] {0, 4}, new byte[0]),
    };
    for (Tensor t : cases) {
      Path f = tmp.resolve("t.npy");
      Npy.write(f, t);
      assertEquals(t, Npy.read(f), t.describe());
      assertEquals(0, (Files.size(f) - t.bytes().length) % 64, "header must be 64-byte aligned like numpy's");
    }
  }

  @Test
  void convertsFloat64ToFloat32AndRefusesWrongKinds() {
    Tensor d = Tensor.ofDoubles(new long[] {2}, new double[] {0.1, 1e40});
    assertArrayEquals(new float[] {0.1f, Float.POSITIVE_INFINITY}, d.floats());
    Tensor l = Tensor.ofLongs(new long[] {1}, new long[] {5});
    IllegalStateException e = assertThrows(IllegalStateException.class, l::floats);
    assertTrue(e.getMessage().contains("int64[1]"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> d.longs());
  }

  @Test
  void refusesFortranOrderNamingTheFile() {
    Path f = TestFiles.golden("f32_fortran_2x3.npy");
    WeightFileException e = assertThrows(WeightFileException.class, () -> Npy.read(f));
    assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("fortran_order"), e.getMessage());
  }

  @Test
  void refusesBigEndianAndObjectArrays() {
    Path be = TestFiles.golden("f32_bigendian_3.npy");
    WeightFileException e1 = assertThrows(WeightFileException.class, () -> Npy.read(be));
    assertTrue(e1.getMessage().contains(be.toString()) && e1.getMessage().contains("big-endian"), e1.getMessage());
    Path obj = TestFiles.golden("object_2.npy");
    WeightFileException e2 = assertThrows(WeightFileException.class, () -> Npy.read(obj));
    assertTrue(e2.getMessage().contains(obj.toString()) && e2.getMessage().contains("object arrays"), e2.getMessage());
  }

  @Test
  void reportsTruncationAndWrongMagic() throws IOException {
    byte[] whole = Files.readAllBytes(TestFiles.golden("i64_4.npy"));
    byte[] cut = Arrays.copyOf(whole, whole.length - 3);
    WeightFileException e = assertThrows(WeightFileException.class,
        () -> Npy.read(new ByteArrayInputStream(cut), "cut.npy"));
    assertTrue(e.getMessage().startsWith("cut.npy: truncated"), e.getMessage());
    WeightFileException m = assertThrows(WeightFileException.class,
        () -> Npy.read(new ByteArrayInputStream("PK\u0003\u0004 not numpy".getBytes()), "x.npy"));
    assertTrue(m.getMessage().contains("x.npy") && m.getMessage().contains("magic"), m.getMessage());
  }

  @Test
  void tensorRejectsMismatchedData() {
    assertThrows(IllegalArgumentException.class, () -> Tensor.ofFloats(new long[] {2, 2}, new float[3]));
    assertThrows(IllegalArgumentException.class, () -> Tensor.of(DType.INT64, new long[] {1}, new byte[4]));
  }
}
