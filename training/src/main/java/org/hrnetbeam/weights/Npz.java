package org.hrnetbeam.weights;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Enumeration;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.hrnetbeam.storage.Storage;

/**
 * NumPy {@code .npz} archives: a zip holding one {@code <name>.npy} per array, as {@code np.savez}
 * (stored) and {@code np.savez_compressed} (deflated) write them. Array order is the zip order.
 */
public final class Npz {
  // A fixed timestamp so the same tensors always give the same bytes. Not 1980-01-01 00:00: the JDK
  // treats that DOS-time value as "before 1980" and adds a time-zone dependent extended timestamp.
  static final LocalDateTime FIXED_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

  private Npz() {}

  /** Reads every array; names are the entry names without {@code .npy}. */
  public static StateDict read(Path file) throws IOException {
    try (ZipFile zip = ZipArchives.open(file)) {
      return read(zip, file.toString());
    }
  }

  /** Reads every array of an already opened archive; {@code source} names it in errors. */
  static StateDict read(ZipFile zip, String source) throws IOException {
    StateDict out = new StateDict();
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      ZipEntry e = entries.nextElement();
      if (e.isDirectory()) {
        continue;
      }
      String where = source + "!" + e.getName();
      if (!e.getName().endsWith(".npy")) {
        throw new WeightFileException(where, "not a .npy array; an .npz holds only <name>.npy entries");
      }
      byte[] bytes = ZipArchives.readEntry(zip, e, source);
      out.put(e.getName().substring(0, e.getName().length() - 4), Npy.read(new ByteArrayInputStream(bytes), where));
    }
    if (out.isEmpty()) {
      throw new WeightFileException(source, "the .npz archive holds no arrays");
    }
    return out;
  }

  /** Writes every tensor as {@code <name>.npy}, stored (as {@code np.savez}) or deflated, atomically. */
  public static void write(Path file, StateDict tensors, boolean compressed) throws IOException {
    Storage.writeAtomically(file, out -> write(out, tensors, compressed));
  }

  /** Writes the archive to a stream (left open) so callers can route it through atomic storage. */
  public static void write(OutputStream out, StateDict tensors, boolean compressed) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(nonClosing(out))) {
      writeEntries(zip, tensors, compressed);
    }
  }

  private static void writeEntries(ZipOutputStream zip, StateDict tensors, boolean compressed) throws IOException {
    for (Map.Entry<String, Tensor> t : tensors.asMap().entrySet()) {
      byte[] npy = Npy.toBytes(t.getValue());
      ZipEntry e = new ZipEntry(t.getKey() + ".npy");
      e.setTimeLocal(FIXED_TIME);
      if (compressed) {
        e.setMethod(ZipEntry.DEFLATED);
      } else {
        CRC32 crc = new CRC32();
        crc.update(npy);
        e.setMethod(ZipEntry.STORED);
        e.setSize(npy.length);
        e.setCompressedSize(npy.length);
        e.setCrc(crc.getValue());
      }
      zip.putNextEntry(e);
      zip.write(npy);
      zip.closeEntry();
    }
  }

  /** Lets the zip stream be closed (freeing its deflater) without closing the caller's stream. */
  static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
