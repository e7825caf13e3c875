package org.hrnetbeam.trainlog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * An event-file reader for tests that shares no code with the writer: TFRecord framing with
 * checksum verification, and a hand-written protobuf wire parser that knows TensorFlow's field
 * numbers (Event: wall_time 1, step 2, file_version 3, summary 5; Summary: value 1; Value: tag 1,
 * simple_value 2), so a wrong field number in our event.proto fails the tests.
 */
final class EventFileReading {
  /** What one record holds; {@code tag} is null for the file-version record. */
  record ParsedEvent(double wallTime, long step, String fileVersion, String tag, Float value) {}

  private EventFileReading() {}

  static List<ParsedEvent> read(Path file) throws IOException {
    List<ParsedEvent> events = new ArrayList<>();
    for (byte[] record : records(file)) {
      events.add(parseEvent(record));
    }
    return events;
  }

  /** The checked payloads of a TFRecord file. */
  static List<byte[]> records(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> events = new ArrayList<>();
    while (b.hasRemaining()) {
      byte[] lengthBytes = new byte[8];
      b.get(lengthBytes);
      long length = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
      check(b.getInt() == masked(lengthBytes), "length crc of record " + events.size());
      byte[] data = new byte[(int) length];
      b.get(data);
      check(b.getInt() == masked(data), "data crc of record " + events.size());
      events.add(data);
    }
    return events;
  }

  static int masked(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    int c = (int) crc.getValue();
    return Integer.rotateRight(c, 15) + 0xa282ead8;
  }

  /** The serialized Summary (Event field 5) of an event record. */
  static byte[] summaryBytes(byte[] event) {
    Wire w = new Wire(event);
    while (w.more()) {
      long key = w.varint();
      switch ((int) (key & 7)) {
        case 0 -> w.varint();
        case 1 -> w.fixed64();
        case 5 -> w.fixed32();
        case 2 -> {
          byte[] b = w.bytes();
          if (key >>> 3 == 5) {
            return b;
          }
        }
        default -> throw new AssertionError("wire type " + (key & 7));
      }
    }
    throw new AssertionError("event has no summary");
  }

  private static ParsedEvent parseEvent(byte[] data) {
    Wire w = new Wire(data);
    double wallTime = 0;
    long step = 0;
    String version = null;
    String tag = null;
    Float value = null;
    while (w.more()) {
      long key = w.varint();
      int field = (int) (key >>> 3);
      int type = (int) (key & 7);
      if (field == 1 && type == 1) {
        wallTime = Double.longBitsToDouble(w.fixed64());
      } else if (field == 2 && type == 0) {
        step = w.varint();
      } else if (field == 3 && type == 2) {
        version = new String(w.bytes(), StandardCharsets.UTF_8);
      } else if (field == 5 && type == 2) {
        Wire summary = new Wire(w.bytes());
        while (summary.more()) {
          check(summary.varint() == ((1 << 3) | 2), "Summary.value is field 1");
          Wire v = new Wire(summary.bytes());
          while (v.more()) {
            long vk = v.varint();
            if (vk == ((1 << 3) | 2)) {
              tag = new String(v.bytes(), StandardCharsets.UTF_8);
            } else if (vk == ((2 << 3) | 5)) {
              value = Float.intBitsToFloat(v.fixed32());
            } else {
              throw new AssertionError("unexpected Summary.Value key " + vk);
            }
          }
        }
      } else {
        throw new AssertionError("unexpected Event field " + field + " type " + type);
      }
    }
    return new ParsedEvent(wallTime, step, version, tag, value);
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError("bad event file: " + what);
    }
  }

  /** Protobuf wire format, the four types an Event uses. */
  private static final class Wire {
    private final ByteBuffer b;

    Wire(byte[] data) {
      b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    boolean more() {
      return b.hasRemaining();
    }

    long varint() {
      long v = 0;
      for (int shift = 0; ; shift += 7) {
        byte x = b.get();
        v |= (long) (x & 0x7f) << shift;
        if (x >= 0) {
          return v;
        }
      }
    }

    long fixed64() {
      return b.getLong();
    }

    int fixed32() {
      return b.getInt();
    }

    byte[] bytes() {
      byte[] out = new byte[(int) varint()];
      b.get(out);
      return out;
    }
  }
}
