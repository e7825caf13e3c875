package org.hrnetbeam.records;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads TFRecord framing: per record a little-endian uint64 length, the masked CRC-32C of those 8
 * bytes, the data, and the masked CRC-32C of the data. Every checksum is verified; a truncated
 * or corrupt file fails naming the record index. Decompression (GZIP) is the caller's business.
 */
public final class TfRecordReader {
  private TfRecordReader() {}

  /** All records of a stream; {@code name} appears in errors. */
  public static List<byte[]> readAll(InputStream in, String name) throws IOException {
    List<byte[]> records = new ArrayList<>();
    byte[] header = new byte[12];
    byte[] footer = new byte[4];
    while (true) {
      int n = in.readNBytes(header, 0, 12);
      if (n == 0) {
        return records;
      }
      if (n < 12) {
        throw new EOFException(name + ": truncated header of record " + records.size());
      }
      long length = littleEndian(header, 0, 8);
      if (masked(header, 0, 8) != (int) littleEndian(header, 8, 4)) {
        throw new IOException(name + ": bad length checksum in record " + records.size());
      }
      if (length < 0 || length > Integer.MAX_VALUE - 8) {
        throw new IOException(name + ": record " + records.size() + " claims " + length + " bytes");
      }
      byte[] data = in.readNBytes((int) length);
      if (data.length < length || in.readNBytes(footer, 0, 4) < 4) {
        throw new EOFException(name + ": truncated record " + records.size());
      }
      if (masked(data, 0, data.length) != (int) littleEndian(footer, 0, 4)) {
        throw new IOException(name + ": bad data checksum in record " + records.size());
      }
      records.add(data);
    }
  }

  /** TFRecord's masked CRC-32C: rotate right by 15 and add 0xa282ead8. */
  static int masked(byte[] b, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(b, offset, length);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + 0xa282ead8;
  }

  private static long littleEndian(byte[] b, int offset, int count) {
    long v = 0;
    for (int i = count - 1; i >= 0; i--) {
      v = (v << 8) | (b[offset + i] & 0xFF);
    }
    return v;
  }
}
