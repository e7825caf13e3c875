package org.hrnetbeam.weights;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A minimal pickle (protocol 2) emitter for what {@code torch.save} writes: globals, tuples, dicts,
 * persistent ids, ints, floats, bools and strings. razorvine's Pickler cannot emit persistent ids or
 * references to arbitrary Python globals, which a PyTorch archive needs.
 *
 * <p>Globals are memoised (written once, then fetched by index) like Python's pickler does.
 */
final class PickleWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Map<String, Integer> memo = new HashMap<>();

  PickleWriter() {
    out.write(0x80); // PROTO
    out.write(2);
  }

  /** Pushes {@code module.name} (GLOBAL, memoised). */
  PickleWriter global(String module, String name) {
    String key = module + "\n" + name + "\n";
    Integer index = memo.get(key);
    if (index != null) {
      if (index < 256) {
        op('h').write(index);
      } else {
        op('j').int32(index);
      }
      return this;
    }
    op('c').raw(key.getBytes(StandardCharsets.US_ASCII));
    int next = memo.size();
    memo.put(key, next);
    if (next < 256) {
      op('q').write(next);
    } else {
      op('r').int32(next);
    }
    return this;
  }

  PickleWriter mark() {
    return op('(');
  }

  /** Pops everything since the last mark into a tuple. */
  PickleWriter tuple() {
    return op('t');
  }

  PickleWriter emptyTuple() {
    return op(')');
  }

  /** Calls the callable below the argument tuple. */
  PickleWriter reduce() {
    return op('R');
  }

  /** Replaces the object on top (the id tuple) by the loader's {@code persistent_load(id)}. */
  PickleWriter persistentId() {
    return op('Q');
  }

  PickleWriter emptyDict() {
    return op('}');
  }

  PickleWriter emptyList() {
    return op(']');
  }

  /** Adds the key/value pairs since the last mark to the dict below the mark. */
  PickleWriter setItems() {
    return op('u');
  }

  /** Appends the items since the last mark to the list below the mark. */
  PickleWriter appends() {
    return op('e');
  }

  PickleWriter none() {
    return op('N');
  }

  PickleWriter bool(boolean b) {
    return op(b ? 0x88 : 0x89);
  }

  PickleWriter string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return op('X').int32(b.length).raw(b);
  }

  /** BININT1 / BININT2 / BININT for small values, LONG1 (two's complement, little-endian) beyond. */
  PickleWriter integer(long v) {
    if (v >= 0 && v < 256) {
      return op('K').write((int) v);
    }
    if (v >= 0 && v < 65536) {
      op('M').write((int) v & 0xff);
      return write((int) (v >>> 8));
    }
    if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      return op('J').int32((int) v);
    }
    byte[] big = BigInteger.valueOf(v).toByteArray();
    op(0x8a).write(big.length);
    for (int i = big.length - 1; i >= 0; i--) {
      out.write(big[i]);
    }
    return this;
  }

  /** BINFLOAT: an IEEE double, big-endian. */
  PickleWriter floating(double v) {
    return op('G').raw(ByteBuffer.allocate(8).putDouble(v).array());
  }

  /** Ends the pickle (STOP) and returns its bytes. */
  byte[] finish() {
    out.write('.');
    return out.toByteArray();
  }

  private PickleWriter op(int code) {
    out.write(code);
    return this;
  }

  private PickleWriter write(int b) {
    out.write(b);
    return this;
  }

  private PickleWriter int32(int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
    return this;
  }

  private PickleWriter raw(byte[] b) {
    out.write(b, 0, b.length);
    return this;
  }
}
