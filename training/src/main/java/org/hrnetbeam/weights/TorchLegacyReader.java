package org.hrnetbeam.weights;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * Reads the legacy (PyTorch 0.4 to 1.5, or {@code _use_new_zipfile_serialization=False}) format, in
 * which the official HRNet ImageNet checkpoints were published.
 *
 * <p>Layout: five things back to back: pickles of the magic number {@code 0x1950a86a20f9469cfc6c},
 * the protocol version 1001 and a {@code sys_info} dict; the object pickle, whose persistent ids
 * {@code ('storage', torch.FloatStorage, key, location, numel, view)} name storages; a pickled list
 * of storage keys; then per key an int64 element count and the raw little-endian elements. The
 * storages come after the pickle that uses them, so the pickle is skimmed once to learn each key's
 * dtype and where it ends, and unpickled again once the storages are read.
 */
final class TorchLegacyReader {
  private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
  private static final int PROTOCOL_VERSION = 1001;

  private TorchLegacyReader() {}

  /** True when {@code head} (the first bytes of a file) is a pickle, as every legacy file starts. */
  static boolean looksLikePickle(byte[] head) {
    return head.length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5;
  }

  /** Unpickles the saved object, with tensors rebuilt from the storages that follow it. */
  static Object read(byte[] file, String source) throws IOException {
    try {
      return readUnchecked(file, source);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (PickleException | ClassCastException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new WeightFileException(source, "corrupt legacy PyTorch file: " + e.getMessage(), e);
    } catch (WeightFileException e) {
      throw e;
    } catch (IOException e) {
      throw new WeightFileException(source, "truncated or corrupt legacy PyTorch file: " + e.getMessage(), e);
    }
  }

  private static Object readUnchecked(byte[] file, String source) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(file);
    Object magic = new Unpickler().load(in);
    if (!(magic instanceof Number) || !MAGIC.equals(new BigInteger(magic.toString()))) {
      throw new WeightFileException(source, "is not a PyTorch checkpoint or .npz: a pickle without the torch.save "
          + "magic number");
    }
    Object protocol = new Unpickler().load(in);
    if (!(protocol instanceof Number) || ((Number) protocol).intValue() != PROTOCOL_VERSION) {
      throw new WeightFileException(source, "unsupported legacy PyTorch protocol version " + protocol);
    }
    Object sysInfo = new Unpickler().load(in);
    if (sysInfo instanceof Map && Boolean.FALSE.equals(((Map<?, ?>) sysInfo).get("little_endian"))) {
      throw new WeightFileException(source, "was saved on a big-endian machine; only little-endian files are supported");
    }

    int pickleStart = file.length - in.available();
    Map<String, DType> dtypes = new LinkedHashMap<>();
    new TorchUnpickler((key, dtype, numel) -> {
      dtypes.put(key, dtype);
      return null;
    }, source).load(in);
    int pickleEnd = file.length - in.available();

    Map<String, byte[]> storages = new HashMap<>();
    for (Object key : (List<?>) new Unpickler().load(in)) {
      DType dtype = dtypes.get(String.valueOf(key));
      if (dtype == null) {
        throw new WeightFileException(source, "storage " + key + " is listed but no tensor uses it");
      }
      byte[] count = in.readNBytes(8);
      long numel = count.length < 8 ? -1 : TorchUnpickler.le(count).getLong();
      if (numel < 0 || numel * dtype.itemSize() > in.available()) {
        throw new WeightFileException(source, "truncated: storage " + key + " (" + dtype + ") is cut short");
      }
      storages.put(String.valueOf(key), in.readNBytes((int) (numel * dtype.itemSize())));
    }

    TorchUnpickler unpickler = new TorchUnpickler((key, dtype, numel) -> {
      byte[] bytes = storages.get(key);
      if (bytes == null) {
        throw new WeightFileException(source, "missing storage " + key + " referenced by the pickle");
      }
      if (bytes.length < numel * dtype.itemSize()) {
        throw new WeightFileException(source, "storage " + key + " holds " + bytes.length + " bytes but the pickle "
            + "declares " + numel + " " + dtype + " elements");
      }
      return bytes;
    }, source);
    return unpickler.load(new ByteArrayInputStream(file, pickleStart, pickleEnd - pickleStart));
  }
}
