package org.hrnetbeam.weights;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;

/**
 * Reads the object a {@code torch.save} zip archive (PyTorch ≥ 1.6) holds.
 *
 * <p>Layout: {@code <archive>/data.pkl} is a pickle whose persistent ids
 * {@code ('storage', torch.FloatStorage, key, location, numel)} name raw little-endian storages
 * stored as {@code <archive>/data/<key>}; {@code <archive>/version} and, on newer PyTorch,
 * {@code <archive>/byteorder} sit beside them.
 */
final class TorchZipReader {
  private TorchZipReader() {}

  /** The {@code <archive>/} prefix of the entry {@code <archive>/data.pkl}, if the zip has one. */
  static Optional<String> archivePrefix(ZipFile zip) {
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      String name = entries.nextElement().getName();
      if (name.equals("data.pkl")) {
        return Optional.of("");
      }
      if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
        return Optional.of(name.substring(0, name.length() - "data.pkl".length()));
      }
    }
    return Optional.empty();
  }

  /** Unpickles {@code data.pkl}: maps, lists, numbers, strings and {@link Tensor}s. */
  static Object read(ZipFile zip, String source) throws IOException {
    String prefix = archivePrefix(zip).orElseThrow(() -> new WeightFileException(source,
        "zip archive without <archive>/data.pkl: not a PyTorch checkpoint"));
    if (zip.getEntry(prefix + "constants.pkl") != null) {
      throw new WeightFileException(source, "is a TorchScript archive (torch.jit.save), not a torch.save checkpoint; "
          + "save the weights with torch.save(model.state_dict(), f)");
    }
    checkByteOrder(zip, prefix, source);
    byte[] pickle = ZipArchives.readEntry(zip, zip.getEntry(prefix + "data.pkl"), source);
    TorchUnpickler unpickler = new TorchUnpickler((key, dtype, numel) -> {
      ZipEntry entry = zip.getEntry(prefix + "data/" + key);
      if (entry == null) {
        throw new WeightFileException(source, "missing storage " + prefix + "data/" + key
            + " referenced by data.pkl (" + dtype + ", " + numel + " elements)");
      }
      byte[] bytes = ZipArchives.readEntry(zip, entry, source);
      long needed = numel * dtype.itemSize();
      if (bytes.length < needed) {
        throw new WeightFileException(source + "!" + entry.getName(), "storage holds " + bytes.length
            + " bytes but data.pkl declares " + numel + " " + dtype + " elements (" + needed + " bytes)");
      }
      return bytes;
    }, source);
    try {
      return unpickler.load(new ByteArrayInputStream(pickle));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (PickleException | ClassCastException | IllegalArgumentException e) {
      throw new WeightFileException(source + "!" + prefix + "data.pkl", "cannot unpickle: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new WeightFileException(source + "!" + prefix + "data.pkl", "truncated or corrupt pickle: " + e.getMessage(), e);
    }
  }

  private static void checkByteOrder(ZipFile zip, String prefix, String source) throws IOException {
    ZipEntry entry = zip.getEntry(prefix + "byteorder");
    if (entry == null) {
      return;
    }
    String order = new String(ZipArchives.readEntry(zip, entry, source), StandardCharsets.US_ASCII).trim();
    if (!order.equals("little")) {
      throw new WeightFileException(source, "storages are " + order + "-endian; only little-endian checkpoints are supported");
    }
  }
}
