package org.hrnetbeam.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The one entry point for model weights: reads a PyTorch checkpoint or an {@code .npz} (told apart
 * by content, not by extension) and writes either format.
 *
 * <p>Containers: the {@code torch.save} zip format (PyTorch ≥ 1.6), the legacy format before it (in
 * which the official HRNet ImageNet checkpoints were published) and NumPy {@code .npz}.
 *
 * <p>Layouts the HRNet reference writes all load: a plain {@code state_dict}; a training checkpoint
 * {@code {'epoch', 'best_mIoU', 'state_dict', 'optimizer'}}; and {@code best.pth} /
 * {@code final_state.pth}, whose keys carry the {@code model.} prefix of its {@code FullModel}
 * wrapper and may include {@code loss.criterion.weight}. A DataParallel {@code module.} prefix is
 * removed too.
 */
public final class WeightFiles {
  private static final String NOT_WEIGHTS = "is not a PyTorch checkpoint or .npz: ";

  private WeightFiles() {}

  /** Reads a weight file and normalises its keys; see the class comment for accepted layouts. */
  public static LoadedCheckpoint read(Path file) throws IOException {
    String source = file.toString();
    byte[] head = readHead(file, source);
    if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') {
      return readZip(file, source);
    }
    if (Npy.startsWithMagic(head)) {
      throw new WeightFileException(source, NOT_WEIGHTS + "it is a single .npy array; save the weights with np.savez");
    }
    if (TorchLegacyReader.looksLikePickle(head)) {
      return fromPickle(TorchLegacyReader.read(Files.readAllBytes(file), source), LoadedCheckpoint.Format.PYTORCH_LEGACY,
          source);
    }
    if (head.length == 0) {
      throw new WeightFileException(source, NOT_WEIGHTS + "the file is empty");
    }
    throw new WeightFileException(source, NOT_WEIGHTS + "it starts with bytes " + HexFormat.of().formatHex(head));
  }

  /** Writes {@code weights} in the format the extension names: {@code .pth}/{@code .pt} or {@code .npz}. */
  public static void write(Path file, StateDict weights) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".npz")) {
      Npz.write(file, weights, false);
    } else if (name.endsWith(".pth") || name.endsWith(".pt")) {
      TorchZipWriter.write(file, weights);
    } else {
      throw new WeightFileException(file.toString(), "unknown weight file extension; use .pth, .pt or .npz");
    }
  }

  private static LoadedCheckpoint readZip(Path file, String source) throws IOException {
    try (ZipFile zip = ZipArchives.open(file)) {
      if (TorchZipReader.archivePrefix(zip).isPresent()) {
        return fromPickle(TorchZipReader.read(zip, source), LoadedCheckpoint.Format.PYTORCH_ZIP, source);
      }
      ZipEntry notNpy = zip.stream().filter(e -> !e.isDirectory() && !e.getName().endsWith(".npy"))
          .findFirst().orElse(null);
      if (notNpy != null || zip.size() == 0) {
        throw new WeightFileException(source, NOT_WEIGHTS + "a zip archive with neither data.pkl nor only .npy entries"
            + (notNpy == null ? " (it is empty)" : " (found " + notNpy.getName() + ")"));
      }
      return normalise(Npz.read(zip, source), LoadedCheckpoint.Format.NPZ, source, null, null, null);
    }
  }

  private static LoadedCheckpoint fromPickle(Object root, LoadedCheckpoint.Format format, String source)
      throws WeightFileException {
    if (!(root instanceof Map)) {
      throw new WeightFileException(source, NOT_WEIGHTS + "data.pkl holds " + pythonType(root)
          + ", not a state dict or checkpoint dict");
    }
    Map<?, ?> top = (Map<?, ?>) root;
    Object nested = top.get("state_dict");
    if (nested instanceof Map) {
      Integer epoch = top.get("epoch") instanceof Number ? ((Number) top.get("epoch")).intValue() : null;
      Double best = top.get("best_mIoU") instanceof Number ? ((Number) top.get("best_mIoU")).doubleValue() : null;
      Map<?, ?> optimizer = top.get("optimizer") instanceof Map ? (Map<?, ?>) top.get("optimizer") : null;
      return normalise(tensors((Map<?, ?>) nested, source, "state_dict."), format, source, epoch, best, optimizer);
    }
    return normalise(tensors(top, source, ""), format, source, null, null, null);
  }

  private static StateDict tensors(Map<?, ?> map, String source, String where) throws WeightFileException {
    StateDict out = new StateDict();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String) || !(e.getValue() instanceof Tensor)) {
        throw new WeightFileException(source, NOT_WEIGHTS + "entry " + where + e.getKey() + " is "
            + pythonType(e.getValue()) + ", not a tensor");
      }
      out.put((String) e.getKey(), (Tensor) e.getValue());
    }
    if (out.isEmpty()) {
      throw new WeightFileException(source, NOT_WEIGHTS + "the state dict " + where + " is empty");
    }
    return out;
  }

  /** Removes the DataParallel {@code module.} and FullModel {@code model.} wrappers; the rest are extras. */
  private static LoadedCheckpoint normalise(StateDict all, LoadedCheckpoint.Format format, String source,
      Integer epoch, Double best, Map<?, ?> optimizer) throws WeightFileException {
    StateDict dict = all;
    try {
      if (dict.names().stream().allMatch(n -> n.startsWith("module."))) {
        dict = dict.stripPrefix("module.");
      }
      StateDict model = dict;
      StateDict extras = new StateDict();
      if (dict.names().stream().anyMatch(n -> n.startsWith("model."))) {
        model = dict.filter(n -> n.startsWith("model.")).stripPrefix("model.");
        extras = dict.filter(n -> !n.startsWith("model."));
      }
      return new LoadedCheckpoint(source, format, model, extras, epoch, best, optimizer);
    } catch (IllegalArgumentException e) {
      throw new WeightFileException(source, e.getMessage(), e);
    }
  }

  private static byte[] readHead(Path file, String source) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(8);
    } catch (NoSuchFileException e) {
      throw new WeightFileException(source, "no such file", e);
    } catch (IOException e) {
      throw new WeightFileException(source, "cannot read: " + e.getMessage(), e);
    }
  }

  private static String pythonType(Object o) {
    if (o == null) {
      return "None";
    }
    if (o instanceof Object[]) {
      return "a tuple";
    }
    return "a " + o.getClass().getSimpleName();
  }
}
