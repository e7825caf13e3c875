package org.hrnetbeam.trainlog;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard event files: per record the data length as a
 * little-endian uint64, the masked CRC-32C of those 8 bytes, the data, and the masked CRC-32C of
 * the data.
 */
final class TfRecordWriter {
  private static final int MASK_DELTA = 0xa282ead8;

  private TfRecordWriter() {}

  /** One framed record: 16 bytes of framing around {@code data}. */
  static byte[] frame(byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(data.length + 16).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(data.length);
    b.putInt(maskedCrc32c(b.array(), 0, 8));
    b.put(data);
    b.putInt(maskedCrc32c(data, 0, data.length));
    return b.array();
  }

  /** TFRecord's checksum: CRC-32C rotated right by 15 bits plus a constant, so CRCs of CRCs stay strong. */
  static int maskedCrc32c(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + MASK_DELTA;
  }
}
