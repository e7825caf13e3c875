package org.hrnetbeam.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hrnetbeam.storage.Storage;

/**
 * NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0): one little-endian, C-order array.
 *
 * <p>Format: the magic {@code \x93NUMPY}, two version bytes, a little-endian header length (2 bytes
 * in v1, 4 in v2/v3), a Python dict literal {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (64, 3, 3, 3), }} padded with spaces to a 64-byte boundary, then the raw elements.
 * Fortran order, big-endian data, structured and object dtypes are refused with a message that says
 * how to re-save the array, rather than being silently reinterpreted.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int ALIGN = 64;
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** Reads one {@code .npy} file. */
  public static Tensor read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /**
   * Reads one array from a stream positioned at the magic bytes; {@code source} names the file
   * (or {@code archive!entry}) in error messages. Reads exactly the array's bytes.
   */
  public static Tensor read(InputStream in, String source) throws IOException {
    byte[] magic = in.readNBytes(8);
    if (magic.length < 8 || !startsWithMagic(magic)) {
      throw new WeightFileException(source, "not a NumPy .npy array (missing the \\x93NUMPY magic)");
    }
    int major = magic[6] & 0xff;
    int headerLength;
    if (major == 1) {
      byte[] len = readFully(in, 2, source, "header length");
      headerLength = (len[0] & 0xff) | (len[1] & 0xff) << 8;
    } else if (major == 2 || major == 3) {
      byte[] len = readFully(in, 4, source, "header length");
      long l = (len[0] & 0xffL) | (len[1] & 0xffL) << 8 | (len[2] & 0xffL) << 16 | (len[3] & 0xffL) << 24;
      if (l > 1 << 24) {
        throw new WeightFileException(source, "implausible .npy header length " + l);
      }
      headerLength = (int) l;
    } else {
      throw new WeightFileException(source, "unsupported .npy format version " + major + "." + (magic[7] & 0xff));
    }
    String header = new String(readFully(in, headerLength, source, "header"),
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    DType dtype = parseDtype(header, source);
    if (parseFortranOrder(header, source)) {
      throw new WeightFileException(source, "fortran_order arrays are not supported; re-save it with "
          + "np.save(f, np.ascontiguousarray(a))");
    }
    long[] shape = parseShape(header, source);
    long count;
    try {
      count = Math.multiplyExact(Tensor.numel(shape), (long) dtype.itemSize());
    } catch (ArithmeticException e) {
      count = Long.MAX_VALUE;
    }
    if (count > Integer.MAX_VALUE - 16) {
      throw new WeightFileException(source, "array of " + count + " bytes is too large for one tensor");
    }
    byte[] data = readFully(in, (int) count, source, "array data (" + dtype + Arrays.toString(shape) + ")");
    return Tensor.wrap(dtype, shape, data);
  }

  /** Writes one {@code .npy} file atomically (format 1.0 unless the header needs 2.0). */
  public static void write(Path file, Tensor tensor) throws IOException {
    Storage.writeAtomically(file, out -> write(out, tensor));
  }

  /** Writes one array to a stream, as {@code np.save} lays it out; the stream is left open. */
  public static void write(OutputStream out, Tensor tensor) throws IOException {
    out.write(header(tensor));
    out.write(tensor.rawBytes());
  }

  /** The complete {@code .npy} bytes of one array. */
  public static byte[] toBytes(Tensor tensor) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(out, tensor);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory write failed", e);
    }
    return out.toByteArray();
  }

  static boolean startsWithMagic(byte[] head) {
    if (head.length < MAGIC.length) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (head[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] header(Tensor tensor) {
    StringBuilder dict = new StringBuilder("{'descr': '").append(tensor.dtype().numpyDescr())
        .append("', 'fortran_order': False, 'shape': ").append(pythonTuple(tensor.shape())).append(", }");
    // Pad with spaces and end with a newline so magic + version + length + dict is 64-byte aligned.
    int version = 1;
    int preamble = MAGIC.length + 2 + 2;
    int total = roundUp(preamble + dict.length() + 1, ALIGN);
    if (total - preamble > 0xffff) {
      version = 2;
      preamble = MAGIC.length + 2 + 4;
      total = roundUp(preamble + dict.length() + 1, ALIGN);
    }
    while (preamble + dict.length() + 1 < total) {
      dict.append(' ');
    }
    dict.append('\n');
    byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[preamble + text.length];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    out[6] = (byte) version;
    out[7] = 0;
    int len = text.length;
    out[8] = (byte) len;
    out[9] = (byte) (len >>> 8);
    if (version == 2) {
      out[10] = (byte) (len >>> 16);
      out[11] = (byte) (len >>> 24);
    }
    System.arraycopy(text, 0, out, preamble, text.length);
    return out;
  }

  private static String pythonTuple(long[] shape) {
    if (shape.length == 0) {
      return "()";
    }
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return sb.append(shape.length == 1 ? ",)" : ")").toString();
  }

  private static int roundUp(int n, int multiple) {
    return (n + multiple - 1) / multiple * multiple;
  }

  private static DType parseDtype(String header, String source) throws WeightFileException {
    Matcher m = DESCR.matcher(header);
    if (!m.find()) {
      throw new WeightFileException(source, "unsupported .npy dtype: structured or missing descr in header " + header.trim());
    }
    String descr = m.group(1);
    if (descr.contains("O")) {
      throw new WeightFileException(source, "object arrays (descr " + descr + ") are not supported; save a numeric array");
    }
    if (descr.startsWith(">")) {
      throw new WeightFileException(source, "big-endian data (descr " + descr + ") is not supported; re-save it with "
          + "a.astype(a.dtype.newbyteorder('<'))");
    }
    return DType.fromNumpyDescr(descr).orElseThrow(() -> new WeightFileException(source,
        "unsupported .npy dtype '" + descr + "' (supported: float32, float64, int64, int32, int8, uint8, bool)"));
  }

  private static boolean parseFortranOrder(String header, String source) throws WeightFileException {
    Matcher m = FORTRAN.matcher(header);
    if (!m.find()) {
      throw new WeightFileException(source, ".npy header has no fortran_order: " + header.trim());
    }
    return m.group(1).equals("True");
  }

  private static long[] parseShape(String header, String source) throws WeightFileException {
    Matcher m = SHAPE.matcher(header);
    if (!m.find()) {
      throw new WeightFileException(source, ".npy header has no shape tuple: " + header.trim());
    }
    List<Long> dims = new ArrayList<>();
    for (String part : m.group(1).split(",")) {
      String p = part.trim();
      if (p.endsWith("L")) {
        p = p.substring(0, p.length() - 1);
      }
      if (p.isEmpty()) {
        continue;
      }
      try {
        long d = Long.parseLong(p);
        if (d < 0) {
          throw new NumberFormatException();
        }
        dims.add(d);
      } catch (NumberFormatException e) {
        throw new WeightFileException(source, "bad dimension '" + p + "' in .npy shape (" + m.group(1) + ")");
      }
    }
    return dims.stream().mapToLong(Long::longValue).toArray();
  }

  private static byte[] readFully(InputStream in, int n, String source, String what) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new WeightFileException(source, "truncated .npy: expected " + n + " bytes of " + what + ", found " + b.length);
    }
    return b;
  }
}
