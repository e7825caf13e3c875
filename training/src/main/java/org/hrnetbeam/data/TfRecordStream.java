package org.hrnetbeam.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;
import org.hrnetbeam.storage.Storage;

/**
 * Reads a TFRecord file one record at a time, so a shard of any size streams through in
 * constant memory. Framing per record: little-endian uint64 length, masked CRC-32C of those 8
 * bytes, the data, masked CRC-32C of the data. Every checksum is checked; a corrupt or truncated
 * file fails naming the file and the record index.
 *
 * <p>(The prepare stage's {@code TfRecordReader.readAll} reads a whole file into a list, which
 * suits its tests; training needs this streaming form.)
 */
public final class TfRecordStream implements Closeable {
  private static final int MASK_DELTA = 0xa282ead8;

  private final InputStream in;
  private final String name;
  private final byte[] header = new byte[12];
  private final byte[] footer = new byte[4];
  private long index;

  private TfRecordStream(InputStream in, String name) {
    this.in = in;
    this.name = name;
  }

  /** Opens {@code file} (local or gs://), through GZIP when {@code gzip}. */
  public static TfRecordStream open(Path file, boolean gzip) throws IOException {
    String name = Storage.location(file);
    InputStream raw;
    try {
      raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    } catch (IOException e) {
      throw new IOException("could not open shard " + name + ": " + e, e);
    }
    try {
      return new TfRecordStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw, name);
    } catch (IOException e) {
      raw.close();
      throw new IOException(name + ": not a GZIP file (" + e.getMessage() + "); is PIPELINE.COMPRESSION right?", e);
    }
  }

  /** A stream over any input; {@code name} appears in errors. */
  public static TfRecordStream of(InputStream in, String name) {
    return new TfRecordStream(in, name);
  }

  /** The next record's data, or null at the end of the file. */
  public byte[] next() throws IOException {
    int n = in.readNBytes(header, 0, 12);
    if (n == 0) {
      return null;
    }
    if (n < 12) {
      throw new EOFException(name + ": truncated header of record " + index);
    }
    long length = littleEndian(header, 0, 8);
    if (masked(header, 0, 8) != (int) littleEndian(header, 8, 4)) {
      throw new IOException(name + ": bad length checksum in record " + index + " (not a TFRecord file, or corrupt)");
    }
    if (length < 0 || length > Integer.MAX_VALUE - 16) {
      throw new IOException(name + ": record " + index + " claims " + length + " bytes");
    }
    byte[] data = in.readNBytes((int) length);
    if (data.length < length || in.readNBytes(footer, 0, 4) < 4) {
      throw new EOFException(name + ": truncated record " + index);
    }
    if (masked(data, 0, data.length) != (int) littleEndian(footer, 0, 4)) {
      throw new IOException(name + ": bad data checksum in record " + index);
    }
    index++;
    return data;
  }

  /** Records returned so far. */
  public long recordsRead() {
    return index;
  }

  public String name() {
    return name;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private static int masked(byte[] b, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(b, offset, length);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + MASK_DELTA;
  }

  private static long littleEndian(byte[] b, int offset, int count) {
    long v = 0;
    for (int i = count - 1; i >= 0; i--) {
      v = (v << 8) | (b[offset + i] & 0xFF);
    }
    return v;
  }
}
