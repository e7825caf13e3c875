package org.hrnetbeam.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Golden files written by real PyTorch (see resources/weights/README.md) in every reference layout. */
class TorchCheckpointTest {
  private static final List<String> TINY_KEYS = List.of("conv.weight", "conv.bias", "bn.weight", "bn.bias",
      "bn.running_mean", "bn.running_var", "bn.num_batches_tracked");

  @TempDir Path tmp;

  @Test
  void plainStateDictMatchesTheNumpyCopy() throws IOException {
    LoadedCheckpoint c = WeightFiles.read(TestFiles.golden("plain_state_dict.pth"));
    assertEquals(TINY_KEYS, c.model().names());
    assertEquals(Npz.read(TestFiles.golden("plain_state_dict.npz")), c.model());
    assertArrayEquals(new long[] {3, 2, 1, 1}, c.model().get("conv.weight").shape());
    assertArrayEquals(new long[] {5}, c.model().get("bn.num_batches_tracked").longs());
    assertTrue(c.extras().isEmpty() && c.epoch().isEmpty() && c.optimizerState().isEmpty());
  }

  @Test
  void modelPrefixedFileLosesThePrefixAndKeepsTheLossWeightAside() throws IOException {
    LoadedCheckpoint c = WeightFiles.read(TestFiles.golden("best_prefixed.pth"));
    assertEquals(TINY_KEYS, c.model().names());
    assertEquals(Npz.read(TestFiles.golden("plain_state_dict.npz")), c.model());
    assertEquals(List.of("loss.criterion.weight"), c.extras().names());
    assertArrayEquals(new float[] {0.8373f, 0.918f, 0.866f}, c.extras().get("loss.criterion.weight").floats());
  }

  @Test
  void trainingCheckpointGivesEpochBestMiouModelAndOptimizer() throws IOException {
    LoadedCheckpoint c = WeightFiles.read(TestFiles.golden("training_checkpoint.pth"));
    assertEquals(7, c.epoch().getAsInt());
    assertEquals(0.4321, c.bestMiou().getAsDouble(), 0.0, "best_mIoU is a pickled numpy.float64");
    assertEquals(Npz.read(TestFiles.golden("training_checkpoint_model.npz")), c.model());
    assertEquals(List.of("loss.criterion.weight"), c.extras().names());
    Map<?, ?> optimizer = c.optimizerState().orElseThrow();
    Map<?, ?> state = (Map<?, ?>) optimizer.get("state");
    assertEquals(4, state.size());
    Tensor momentum = (Tensor) ((Map<?, ?>) state.get(0)).get("momentum_buffer");
    assertArrayEquals(new long[] {3, 2, 1, 1}, momentum.shape());
    Map<?, ?> group = (Map<?, ?>) ((List<?>) optimizer.get("param_groups")).get(0);
    assertEquals(0.9, ((Number) group.get("momentum")).doubleValue());
  }

  @Test
  void stridedViewsSharedStoragesAndDtypesComeOutDense() throws IOException {
    StateDict expected = Npz.read(TestFiles.golden("views_and_dtypes.npz"));
    for (String file : new String[] {"views_and_dtypes.pth", "views_protocol4.pth"}) {
      StateDict got = WeightFiles.read(TestFiles.golden(file)).model();
      assertEquals(expected.names(), got.names(), file);
      for (String name : expected.names()) {
        Tensor e = expected.get(name);
        Tensor g = got.get(name);
        if (name.equals("flags")) {
          // NumPy and PyTorch both store bool as one byte per element.
          assertArrayEquals(e.longs(), g.longs(), file + " " + name);
        } else {
          assertEquals(e, g, file + " " + name);
        }
      }
      assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, got.get("transposed").floats(), file);
      assertArrayEquals(new float[] {4, 6, 8, 10}, got.get("sliced").floats(), file);
      assertArrayEquals(new float[] {8, 9, 10, 11}, got.get("row").floats(), file);
    }
  }

  @Test
  void halfPrecisionIsRefusedNamingFileAndDtype() {
    Path f = TestFiles.golden("half.pth");
    WeightFileException e = assertThrows(WeightFileException.class, () -> WeightFiles.read(f));
    assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("unsupported dtype torch.HalfStorage"),
        e.getMessage());
  }

  @Test
  void legacyFormatLoadsLikeTheZipFormat() throws IOException {
    LoadedCheckpoint plain = WeightFiles.read(TestFiles.golden("legacy.pth"));
    assertEquals(LoadedCheckpoint.Format.PYTORCH_LEGACY, plain.format());
    assertEquals(Npz.read(TestFiles.golden("plain_state_dict.npz")), plain.model());
    assertEquals(TINY_KEYS, plain.model().names());

    LoadedCheckpoint views = WeightFiles.read(TestFiles.golden("views_legacy.pth"));
    assertEquals(WeightFiles.read(TestFiles.golden("views_and_dtypes.pth")).model(), views.model());

    LoadedCheckpoint training = WeightFiles.read(TestFiles.golden("training_checkpoint_legacy.pth"));
    LoadedCheckpoint zipped = WeightFiles.read(TestFiles.golden("training_checkpoint.pth"));
    assertEquals(zipped.model(), training.model());
    assertEquals(zipped.extras(), training.extras());
    assertEquals(7, training.epoch().getAsInt());
    assertEquals(0.4321, training.bestMiou().getAsDouble(), 0.0);
  }

  @Test
  void legacyErrorsNameTheFile() throws IOException {
    Path plainPickle = tmp.resolve("dict.pkl");
    PickleWriter p = new PickleWriter().emptyDict().mark().string("a").integer(1).setItems();
    Files.write(plainPickle, p.finish());
    WeightFileException e1 = assertThrows(WeightFileException.class, () -> WeightFiles.read(plainPickle));
    assertTrue(e1.getMessage().startsWith(plainPickle.toString()) && e1.getMessage().contains("magic number"),
        e1.getMessage());

    byte[] whole = Files.readAllBytes(TestFiles.golden("legacy.pth"));
    Path cut = tmp.resolve("cut_legacy.pth");
    Files.write(cut, Arrays.copyOf(whole, whole.length - 10));
    WeightFileException e2 = assertThrows(WeightFileException.class, () -> WeightFiles.read(cut));
    assertTrue(e2.getMessage().startsWith(cut.toString()) && e2.getMessage().contains("truncated"), e2.getMessage());
  }

  @Test
  void truncatedCheckpointIsReportedAsSuch() throws IOException {
    byte[] whole = Files.readAllBytes(TestFiles.golden("plain_state_dict.pth"));
    Path cut = tmp.resolve("cut.pth");
    Files.write(cut, Arrays.copyOf(whole, whole.length - 40));
    WeightFileException e = assertThrows(WeightFileException.class, () -> WeightFiles.read(cut));
    assertTrue(e.getMessage().startsWith(cut.toString()) && e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void missingStorageIsNamed() throws IOException {
    Path broken = tmp.resolve("broken.pth");
    copyZipWithout(TestFiles.golden("plain_state_dict.pth"), broken, "plain_state_dict/data/3");
    WeightFileException e = assertThrows(WeightFileException.class, () -> WeightFiles.read(broken));
    assertTrue(e.getMessage().startsWith(broken.toString())
        && e.getMessage().contains("missing storage plain_state_dict/data/3"), e.getMessage());
  }

  @Test
  void otherFilesAreNotCheckpoints() throws IOException {
    Path text = tmp.resolve("notes.pth");
    Files.writeString(text, "hello");
    WeightFileException e1 = assertThrows(WeightFileException.class, () -> WeightFiles.read(text));
    assertTrue(e1.getMessage().equals(text + ": is not a PyTorch checkpoint or .npz: it starts with bytes 68656c6c6f"),
        e1.getMessage());
    Path zip = tmp.resolve("other.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("readme.txt"));
      out.write(1);
    }
    WeightFileException e2 = assertThrows(WeightFileException.class, () -> WeightFiles.read(zip));
    assertTrue(e2.getMessage().contains("not a PyTorch checkpoint or .npz") && e2.getMessage().contains("readme.txt"),
        e2.getMessage());
    Path npy = TestFiles.golden("f32_2x3.npy");
    WeightFileException e3 = assertThrows(WeightFileException.class, () -> WeightFiles.read(npy));
    assertTrue(e3.getMessage().contains("single .npy array"), e3.getMessage());
    WeightFileException e4 = assertThrows(WeightFileException.class, () -> WeightFiles.read(tmp.resolve("absent.pth")));
    assertTrue(e4.getMessage().contains("absent.pth: no such file"), e4.getMessage());
  }

  @Test
  void detectsFormatByContentNotExtension() throws IOException {
    Path disguised = tmp.resolve("weights.bin");
    Files.copy(TestFiles.golden("plain_state_dict.npz"), disguised);
    LoadedCheckpoint c = WeightFiles.read(disguised);
    assertEquals(LoadedCheckpoint.Format.NPZ, c.format());
    assertEquals(TINY_KEYS, c.model().names());
  }

  @Test
  void untypedStorageFromNewerTorchLoadsAsBytesAndUnknownTensorKindsAreNamed() throws IOException {
    Path f = tmp.resolve("untyped.pth");
    PickleWriter p = new PickleWriter().emptyDict().mark().string("raw");
    p.global("torch._utils", "_rebuild_tensor_v2").mark();
    p.mark().string("storage").global("torch.storage", "UntypedStorage").string("0").string("cpu").integer(3).tuple()
        .persistentId();
    p.integer(1).mark().integer(2).tuple().mark().integer(1).tuple().bool(false);
    p.global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce().setItems();
    writeArchive(f, p.finish(), new byte[] {10, 20, 30});
    Tensor raw = WeightFiles.read(f).model().get("raw");
    assertEquals(DType.UINT8, raw.dtype());
    assertArrayEquals(new long[] {20, 30}, raw.longs(), "offset 1 into the 3-byte storage");

    Path q = tmp.resolve("quantized.pth");
    PickleWriter quantized = new PickleWriter().emptyDict().mark().string("q")
        .global("torch._utils", "_rebuild_qtensor").emptyTuple().reduce().setItems();
    writeArchive(q, quantized.finish(), new byte[0]);
    WeightFileException e = assertThrows(WeightFileException.class, () -> WeightFiles.read(q));
    assertTrue(e.getMessage().startsWith(q.toString())
        && e.getMessage().contains("unsupported tensor kind torch._utils._rebuild_qtensor"), e.getMessage());
  }

  @Test
  void torchScriptArchivesAreNamedAsSuch() throws IOException {
    Path f = tmp.resolve("scripted.pt");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(f))) {
      for (String name : new String[] {"scripted/data.pkl", "scripted/constants.pkl", "scripted/code/__torch__.py"}) {
        out.putNextEntry(new ZipEntry(name));
        out.write(new PickleWriter().none().finish());
      }
    }
    WeightFileException e = assertThrows(WeightFileException.class, () -> WeightFiles.read(f));
    assertTrue(e.getMessage().startsWith(f + ": is a TorchScript archive"), e.getMessage());
  }

  private static void writeArchive(Path file, byte[] pickle, byte[] storage) throws IOException {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
      out.putNextEntry(new ZipEntry("archive/data.pkl"));
      out.write(pickle);
      out.putNextEntry(new ZipEntry("archive/data/0"));
      out.write(storage);
      out.putNextEntry(new ZipEntry("archive/version"));
      out.write("3\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
  }

  private static void copyZipWithout(Path from, Path to, String dropped) throws IOException {
    try (ZipFile in = new ZipFile(from.toFile()); OutputStream os = Files.newOutputStream(to);
        ZipOutputStream out = new ZipOutputStream(os)) {
      for (ZipEntry e : in.stream().toList()) {
        if (!e.getName().equals(dropped)) {
          out.putNextEntry(new ZipEntry(e.getName()));
          out.write(in.getInputStream(e).readAllBytes());
        }
      }
    }
  }
}
