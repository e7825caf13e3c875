package org.hrnetbeam.weights;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.hrnetbeam.storage.Storage;

/**
 * Writes a {@link StateDict} as {@code torch.save(state_dict)} does, so that {@code torch.load}
 * (also with {@code weights_only=True}) and {@code load_state_dict} accept it.
 *
 * <p>The pickle builds an {@code OrderedDict} of tensors, each through
 * {@code torch._utils._rebuild_tensor_v2(storage, 0, size, stride, False, OrderedDict())} with the
 * persistent id {@code ('storage', torch.FloatStorage, key, 'cpu', numel)}; every tensor gets its own
 * contiguous storage. Entries are stored uncompressed with their data 64-byte aligned (padding in a
 * local-header extra field, as PyTorch's writer does) so loaders can map storages in place.
 */
public final class TorchZipWriter {
  private static final int ALIGN = 64;
  // PyTorch's serialization format version written by torch 1.6 to 2.x.
  private static final String FORMAT_VERSION = "3\n";

  private TorchZipWriter() {}

  /**
   * Writes {@code file} atomically; the archive folder inside is named after the file, as
   * {@code torch.save} names it.
   */
  public static void write(Path file, StateDict weights) throws IOException {
    Pickled pickled = pickle(weights);
    Storage.writeAtomically(file, out -> writeZip(out, pickled, archiveName(file)));
  }

  /** Writes the archive to a stream (left open), with {@code archiveName/} as its folder. */
  public static void write(OutputStream out, StateDict weights, String archiveName) throws IOException {
    writeZip(out, pickle(weights), archiveName);
  }

  /**
   * Writes any tree of Python-like values as {@code torch.save(obj)} would, e.g. the reference's
   * training checkpoint {@code {'epoch': 7, 'best_mIoU': 0.43, 'state_dict': sd, 'optimizer': opt}}.
   * Values: {@link StateDict} (an OrderedDict), {@code Map} (a dict; String or integer keys),
   * {@code List} (a list), {@code Object[]} (a tuple), {@link Tensor}, String, Integer, Long,
   * Double, Float, Boolean and null (None) — what {@link LoadedCheckpoint#optimizerState()} returns.
   *
   * @throws IllegalArgumentException naming the first value of another type
   */
  public static void writeObject(Path file, Object root) throws IOException {
    Pickled pickled = pickle(root);
    Storage.writeAtomically(file, out -> writeZip(out, pickled, archiveName(file)));
  }

  /** The pickle and the tensors whose storages it names, in key order. */
  private record Pickled(byte[] pickle, List<Tensor> storages) {}

  /** Pickles first, so a value that cannot be written fails before any file is touched. */
  private static Pickled pickle(Object root) {
    List<Tensor> storages = new ArrayList<>();
    PickleWriter p = new PickleWriter();
    emit(p, root, storages, "root");
    return new Pickled(p.finish(), storages);
  }

  private static void writeZip(OutputStream out, Pickled pickled, String archiveName) throws IOException {
    byte[] pickle = pickled.pickle();
    List<Tensor> storages = pickled.storages();

    CountingStream counter = new CountingStream(out);
    try (ZipOutputStream zip = new ZipOutputStream(counter)) {
      String prefix = archiveName + "/";
      putAligned(zip, counter, prefix + "data.pkl", pickle);
      putAligned(zip, counter, prefix + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
      for (int key = 0; key < storages.size(); key++) {
        putAligned(zip, counter, prefix + "data/" + key, storages.get(key).rawBytes());
      }
      putAligned(zip, counter, prefix + "version", FORMAT_VERSION.getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static void emit(PickleWriter p, Object value, List<Tensor> storages, String where) {
    if (value instanceof StateDict) {
      p.global("collections", "OrderedDict").emptyTuple().reduce();
      emitItems(p, ((StateDict) value).asMap(), storages, where);
    } else if (value instanceof Map) {
      p.emptyDict();
      emitItems(p, (Map<?, ?>) value, storages, where);
    } else if (value instanceof List) {
      p.emptyList();
      List<?> list = (List<?>) value;
      if (!list.isEmpty()) {
        p.mark();
        for (int i = 0; i < list.size(); i++) {
          emit(p, list.get(i), storages, where + "[" + i + "]");
        }
        p.appends();
      }
    } else if (value instanceof Object[]) {
      Object[] tuple = (Object[]) value;
      p.mark();
      for (int i = 0; i < tuple.length; i++) {
        emit(p, tuple[i], storages, where + "[" + i + "]");
      }
      p.tuple();
    } else if (value instanceof Tensor) {
      emitTensor(p, (Tensor) value, storages);
    } else if (value instanceof String) {
      p.string((String) value);
    } else if (value instanceof Integer || value instanceof Long) {
      p.integer(((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      p.floating(((Number) value).doubleValue());
    } else if (value instanceof Boolean) {
      p.bool((Boolean) value);
    } else if (value == null) {
      p.none();
    } else {
      throw new IllegalArgumentException(where + " is a " + value.getClass().getName()
          + ", which has no torch.save form here");
    }
  }

  private static void emitItems(PickleWriter p, Map<?, ?> items, List<Tensor> storages, String where) {
    if (items.isEmpty()) {
      return;
    }
    p.mark();
    for (Map.Entry<?, ?> e : items.entrySet()) {
      Object key = e.getKey();
      if (!(key instanceof String || key instanceof Integer || key instanceof Long)) {
        throw new IllegalArgumentException(where + " has a key of type " + (key == null ? "null" : key.getClass().getName())
            + "; only String and integer keys are written");
      }
      emit(p, key, storages, where);
      emit(p, e.getValue(), storages, where + "[" + key + "]");
    }
    p.setItems();
  }

  private static void emitTensor(PickleWriter p, Tensor t, List<Tensor> storages) {
    String key = Integer.toString(storages.size());
    storages.add(t);
    p.global("torch._utils", "_rebuild_tensor_v2");
    p.mark();
    p.mark().string("storage").global("torch", t.dtype().torchStorageClass()).string(key).string("cpu")
        .integer(t.numel()).tuple().persistentId();
    p.integer(0);
    long[] shape = t.shape();
    p.mark();
    for (long d : shape) {
      p.integer(d);
    }
    p.tuple();
    p.mark();
    long stride = 1;
    long[] strides = new long[shape.length];
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = stride;
      stride *= Math.max(shape[i], 1);
    }
    for (long s : strides) {
      p.integer(s);
    }
    p.tuple();
    p.bool(false);
    p.global("collections", "OrderedDict").emptyTuple().reduce();
    p.tuple().reduce();
  }

  /** A stored entry whose data starts on a 64-byte boundary, padded through an "FB" extra field. */
  private static void putAligned(ZipOutputStream zip, CountingStream counter, String name, byte[] data)
      throws IOException {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    long headerEnd = counter.count + 30 + nameBytes.length + 4;
    int pad = (int) ((ALIGN - headerEnd % ALIGN) % ALIGN);
    byte[] extra = new byte[4 + pad];
    extra[0] = 'F';
    extra[1] = 'B';
    extra[2] = (byte) pad;
    extra[3] = (byte) (pad >>> 8);
    for (int i = 4; i < extra.length; i++) {
      extra[i] = 'Z';
    }
    CRC32 crc = new CRC32();
    crc.update(data);
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    e.setCompressedSize(data.length);
    e.setCrc(crc.getValue());
    e.setTimeLocal(Npz.FIXED_TIME);
    e.setExtra(extra);
    zip.putNextEntry(e);
    if (counter.count % ALIGN != 0) {
      throw new IllegalStateException("zip entry " + name + " data starts at " + counter.count + ", not 64-byte aligned");
    }
    zip.write(data);
    zip.closeEntry();
  }

  static String archiveName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String clean = stem.replaceAll("[^A-Za-z0-9_.-]", "_");
    return clean.isEmpty() ? "archive" : clean;
  }

  /** Counts bytes so each entry's padding can be computed from its offset; never closes the target. */
  private static final class CountingStream extends FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
