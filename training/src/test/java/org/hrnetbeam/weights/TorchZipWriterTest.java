package org.hrnetbeam.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.razorvine.pickle.Unpickler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchZipWriterTest {
  @TempDir Path tmp;

  private static StateDict everyDtype() {
    return new StateDict()
        .put("w", Tensor.ofFloats(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, Float.NaN}))
        .put("d", Tensor.ofDoubles(new long[] {}, new double[] {-0.0}))
        .put("n", Tensor.ofLongs(new long[] {}, new long[] {1L << 40}))
        .put("i", Tensor.of(DType.INT32, new long[] {1}, new byte[] {7, 0, 0, 0}))
        .put("c", Tensor.of(DType.INT8, new long[] {1}, new byte[] {-5}))
        .put("u", Tensor.of(DType.UINT8, new long[] {2}, new byte[] {(byte) 200, 1}))
        .put("b", Tensor.of(DType.BOOL, new long[] {2}, new byte[] {1, 0}))
        .put("empty", Tensor.ofFloats(new long[] {0, 3}, new float[0]));
  }

  @Test
  void roundTripsEveryDtypeBitExactlyInOrder() throws IOException {
    Path f = tmp.resolve("all.pth");
    WeightFiles.write(f, everyDtype());
    StateDict back = WeightFiles.read(f).model();
    assertEquals(everyDtype(), back);
    assertEquals(everyDtype().names(), back.names());
  }

  @Test
  void entriesAreStoredAnd64ByteAlignedInTorchOrder() throws IOException {
    Path f = tmp.resolve("aligned.pth");
    WeightFiles.write(f, everyDtype());
    byte[] raw = Files.readAllBytes(f);
    List<String> names = new ArrayList<>();
    try (ZipFile zip = new ZipFile(f.toFile())) {
      for (ZipEntry e : zip.stream().toList()) {
        names.add(e.getName());
        assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
      }
    }
    assertEquals("aligned/data.pkl", names.get(0));
    assertEquals("aligned/version", names.get(names.size() - 1));
    assertEquals(8 + 3, names.size(), "data.pkl, byteorder, 8 storages, version");
    // Walk the local headers: signature, then the data offset must be a multiple of 64.
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    int offset = 0;
    for (int i = 0; i < names.size(); i++) {
      assertEquals(0x04034b50, b.getInt(offset));
      int size = b.getInt(offset + 18);
      int nameLength = b.getShort(offset + 26) & 0xffff;
      int extraLength = b.getShort(offset + 28) & 0xffff;
      assertEquals(names.get(i), new String(raw, offset + 30, nameLength, StandardCharsets.UTF_8));
      int data = offset + 30 + nameLength + extraLength;
      assertEquals(0, data % 64, names.get(i) + " data at " + data);
      offset = data + size;
    }
  }

  @Test
  void reproducesTheTorchVerifiedGoldenExport() throws IOException {
    // java_export_plain.pth was written by this writer and loaded by real torch (see the README).
    StateDict plain = WeightFiles.read(TestFiles.golden("plain_state_dict.pth")).model();
    Path f = tmp.resolve("java_export_plain.pth");
    WeightFiles.write(f, plain);
    assertArrayEquals(Files.readAllBytes(TestFiles.golden("java_export_plain.pth")), Files.readAllBytes(f));
  }

  @Test
  void trainingCheckpointRoundTripsThroughWriteObject() throws IOException {
    LoadedCheckpoint original = WeightFiles.read(TestFiles.golden("training_checkpoint.pth"));
    Path f = tmp.resolve("checkpoint.pth.tar");
    TorchZipWriter.writeObject(f, referenceLayout(original));
    LoadedCheckpoint back = WeightFiles.read(f);
    assertEquals(original.model(), back.model());
    assertEquals(original.extras(), back.extras());
    assertEquals(7, back.epoch().getAsInt());
    assertEquals(0.4321, back.bestMiou().getAsDouble(), 0.0);
    assertEquals(original.optimizerState().orElseThrow(), back.optimizerState().orElseThrow(),
        "momentum buffers, param_groups (floats, bools, None, index lists) survive");
  }

  @Test
  void writeObjectNamesValuesItCannotWrite() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("when", java.time.Instant.EPOCH);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TorchZipWriter.writeObject(tmp.resolve("x.pth"), root));
    assertTrue(e.getMessage().startsWith("root[when] is a java.time.Instant"), e.getMessage());
  }

  /** The reference's checkpoint dict, rebuilt from what was read: model.-prefixed keys, then extras. */
  static Map<String, Object> referenceLayout(LoadedCheckpoint c) {
    StateDict prefixed = new StateDict();
    c.model().asMap().forEach((k, v) -> prefixed.put("model." + k, v));
    c.extras().asMap().forEach(prefixed::put);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("epoch", c.epoch().getAsInt());
    root.put("best_mIoU", c.bestMiou().getAsDouble());
    root.put("state_dict", prefixed);
    root.put("optimizer", c.optimizerState().orElseThrow());
    return root;
  }

  @Test
  void unknownExtensionIsRefusedAndLeavesNoFile() {
    Path f = tmp.resolve("weights.h5");
    WeightFileException e = assertThrows(WeightFileException.class, () -> WeightFiles.write(f, everyDtype()));
    assertEquals(f + ": unknown weight file extension; use .pth, .pt or .npz", e.getMessage());
    assertFalse(Files.exists(f));
  }

  @Test
  void picklesIntegersOfEverySizeSoTheyDecodeBack() throws IOException {
    long[] values = {0, 255, 256, 70000, -1, Integer.MIN_VALUE, 5_000_000_000L, Long.MIN_VALUE, Long.MAX_VALUE};
    PickleWriter p = new PickleWriter().mark();
    for (long v : values) {
      p.integer(v);
    }
    Object[] decoded = (Object[]) new Unpickler().loads(p.tuple().finish());
    assertArrayEquals(values, Arrays.stream(decoded).mapToLong(o -> ((Number) o).longValue()).toArray());
  }
}
