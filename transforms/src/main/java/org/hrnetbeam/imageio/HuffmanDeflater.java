package org.hrnetbeam.imageio;

import java.util.Arrays;
import java.util.zip.Adler32;

/**
 * Compresses bytes into a zlib stream (RFC 1950) whose deflate blocks (RFC 1951) use Huffman coding
 * only: every byte is a literal, and each block of up to {@link #BLOCK} bytes gets its own code
 * built from that block's byte counts. This is what zlib's {@code Z_HUFFMAN_ONLY} strategy makes,
 * in about a fifth of the time on our crops: zlib still fills and slides its LZ77 window and hash
 * tables, which Huffman-only coding never reads. Any inflater reads the result.
 *
 * <p>The output depends only on the input bytes, so equal pixels give equal PNGs on every JVM.
 *
 * <p>An instance keeps its output buffer and per-block tables between calls, so a thread that
 * encodes image after image allocates only a few small arrays per block (the prepare stage runs
 * on C1, which does not remove short-lived arrays); use one instance per thread.
 */
final class HuffmanDeflater {
  /** Bytes per block: a fresh code every 32 KiB follows changes across an image. */
  static final int BLOCK = 1 << 15;
  private static final int MAX_CODE_BITS = 15;
  private static final int MAX_CODE_LENGTH_BITS = 7;
  private static final int END_OF_BLOCK = 256;
  private static final int LITERAL_CODES = 257;
  /** The order in which a dynamic block lists the code lengths of its code-length alphabet. */
  private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

  private byte[] out = new byte[0];
  private int pos;
  private long bits;
  private int bitCount;
  private final int[] freq = new int[LITERAL_CODES];
  private final int[] oddFreq = new int[256];
  private final int[] table = new int[256];

  /** The zlib stream of {@code data[off, off + len)} in an array of its own. */
  static byte[] compress(byte[] data, int off, int len) {
    HuffmanDeflater d = new HuffmanDeflater();
    int length = d.deflate(data, off, len);
    return Arrays.copyOf(d.buffer(), length);
  }

  /**
   * Writes the zlib stream of {@code data[off, off + len)} to the start of {@link #buffer()},
   * replacing the previous call's; returns its length.
   */
  int deflate(byte[] data, int off, int len) {
    pos = 0;
    bits = 0;
    bitCount = 0;
    // Room for one byte per input byte: filtered photographs code to 4-8 bits a byte, so the buffer
    // rarely grows.
    ensure(len + len / 8 + 1024);
    // CMF 0x78: deflate with a 32 KiB window; FLG 0x01 makes CMF·256 + FLG a multiple of 31.
    out[pos++] = 0x78;
    out[pos++] = 0x01;
    int start = off;
    do {
      int n = Math.min(BLOCK, off + len - start);
      block(data, start, n, start + n == off + len);
      start += n;
    } while (start < off + len);
    flushToByte();
    Adler32 adler = new Adler32();
    adler.update(data, off, len);
    int sum = (int) adler.getValue();
    ensure(4);
    out[pos++] = (byte) (sum >>> 24);
    out[pos++] = (byte) (sum >>> 16);
    out[pos++] = (byte) (sum >>> 8);
    out[pos++] = (byte) sum;
    return pos;
  }

  /** The array the last {@link #deflate} wrote into (longer than its stream). */
  byte[] buffer() {
    return out;
  }

  private void block(byte[] data, int start, int n, boolean last) {
    // Two counters per byte value, for even and odd positions: filtered rows repeat a value often,
    // and one counter would make each increment wait for the one before it.
    int[] freq = this.freq;
    int[] odd = oddFreq;
    Arrays.fill(freq, 0);
    Arrays.fill(odd, 0);
    int lastByte = start + n - 1;
    for (int i = start; i < lastByte; i += 2) {
      freq[data[i] & 0xFF]++;
      odd[data[i + 1] & 0xFF]++;
    }
    if ((n & 1) != 0) {
      freq[data[lastByte] & 0xFF]++;
    }
    for (int v = 0; v < 256; v++) {
      freq[v] += odd[v];
    }
    freq[END_OF_BLOCK] = 1;
    int[] litLengths = codeLengths(freq, MAX_CODE_BITS);
    int[] litCodes = canonicalCodes(litLengths);
    // Two distance codes of one bit: a complete code that no literal-only block ever uses.
    int[] allLengths = Arrays.copyOf(litLengths, LITERAL_CODES + 2);
    allLengths[LITERAL_CODES] = 1;
    allLengths[LITERAL_CODES + 1] = 1;
    int[] clFreq = new int[19];
    for (int l : allLengths) {
      clFreq[l]++;
    }
    int[] clLengths = codeLengths(clFreq, MAX_CODE_LENGTH_BITS);
    int[] clCodes = canonicalCodes(clLengths);
    int clCount = 19;
    while (clCount > 4 && clLengths[CODE_LENGTH_ORDER[clCount - 1]] == 0) {
      clCount--;
    }
    ensure(400 + (n * MAX_CODE_BITS + 7) / 8);
    write(last ? 1 : 0, 1);
    write(2, 2); // dynamic Huffman codes
    write(LITERAL_CODES - 257, 5);
    write(2 - 1, 5);
    write(clCount - 4, 4);
    for (int i = 0; i < clCount; i++) {
      write(clLengths[CODE_LENGTH_ORDER[i]], 3);
    }
    for (int l : allLengths) {
      write(clCodes[l], clLengths[l]);
    }
    // Code and length in one entry (code in the low 16 bits): one table load per byte. Two codes
    // of at most 15 bits each fit above the at most 31 bits left after a flush, so the flush test
    // runs once per two bytes.
    int[] table = this.table;
    for (int sym = 0; sym < 256; sym++) {
      table[sym] = litCodes[sym] | litLengths[sym] << 16;
    }
    long b = bits;
    int c = bitCount;
    byte[] o = out;
    int p = pos;
    int end = start + n;
    int i = start;
    for (; i + 1 < end; i += 2) {
      int e0 = table[data[i] & 0xFF];
      int e1 = table[data[i + 1] & 0xFF];
      b |= (long) (e0 & 0xFFFF) << c;
      c += e0 >>> 16;
      b |= (long) (e1 & 0xFFFF) << c;
      c += e1 >>> 16;
      if (c >= 32) {
        o[p] = (byte) b;
        o[p + 1] = (byte) (b >>> 8);
        o[p + 2] = (byte) (b >>> 16);
        o[p + 3] = (byte) (b >>> 24);
        p += 4;
        b >>>= 32;
        c -= 32;
      }
    }
    bits = b;
    bitCount = c;
    pos = p;
    if (i < end) {
      write(litCodes[data[i] & 0xFF], litLengths[data[i] & 0xFF]);
    }
    write(litCodes[END_OF_BLOCK], litLengths[END_OF_BLOCK]);
  }

  /**
   * Huffman code lengths of at most {@code maxBits} for the given symbol counts (0 = unused). At
   * least two symbols get a code, as a complete code needs two. When the optimal code is too deep,
   * the counts are halved (rounding up) and the code rebuilt: slightly longer output, never invalid.
   */
  static int[] codeLengths(int[] freq, int maxBits) {
    int[] f = freq.clone();
    int used = 0;
    for (int v : f) {
      used += v > 0 ? 1 : 0;
    }
    for (int s = 0; used < 2 && s < f.length; s++) {
      if (f[s] == 0) {
        f[s] = 1;
        used++;
      }
    }
    while (true) {
      int[] lengths = huffmanLengths(f, used);
      if (Arrays.stream(lengths).max().orElse(0) <= maxBits) {
        return lengths;
      }
      for (int s = 0; s < f.length; s++) {
        f[s] = (f[s] + 1) >> 1;
      }
    }
  }

  /** Optimal code lengths by the two-queue Huffman construction over leaves sorted by count. */
  private static int[] huffmanLengths(int[] f, int used) {
    long[] leaves = new long[used];
    int k = 0;
    for (int s = 0; s < f.length; s++) {
      if (f[s] > 0) {
        leaves[k++] = (long) f[s] << 16 | s;
      }
    }
    Arrays.sort(leaves);
    int nodes = 2 * used - 1;
    long[] weight = new long[nodes];
    int[] parent = new int[nodes];
    for (int i = 0; i < used; i++) {
      weight[i] = leaves[i] >>> 16;
    }
    int nextLeaf = 0;
    int nextInner = used;
    for (int inner = used; inner < nodes; inner++) {
      // The two lightest of the next leaf and the next inner node, one after the other.
      int first = nextLeaf < used && (nextInner >= inner || weight[nextLeaf] <= weight[nextInner])
          ? nextLeaf++ : nextInner++;
      int second = nextLeaf < used && (nextInner >= inner || weight[nextLeaf] <= weight[nextInner])
          ? nextLeaf++ : nextInner++;
      weight[inner] = weight[first] + weight[second];
      parent[first] = inner;
      parent[second] = inner;
    }
    int[] depth = new int[nodes];
    for (int i = nodes - 2; i >= 0; i--) {
      depth[i] = depth[parent[i]] + 1;
    }
    int[] lengths = new int[f.length];
    for (int i = 0; i < used; i++) {
      lengths[(int) (leaves[i] & 0xFFFF)] = depth[i];
    }
    return lengths;
  }

  /** Canonical codes (RFC 1951 3.2.2), bit-reversed because deflate writes codes from their top bit. */
  static int[] canonicalCodes(int[] lengths) {
    int[] count = new int[MAX_CODE_BITS + 1];
    for (int l : lengths) {
      count[l]++;
    }
    count[0] = 0;
    int[] next = new int[MAX_CODE_BITS + 1];
    int code = 0;
    for (int bitsLength = 1; bitsLength <= MAX_CODE_BITS; bitsLength++) {
      code = (code + count[bitsLength - 1]) << 1;
      next[bitsLength] = code;
    }
    int[] codes = new int[lengths.length];
    for (int s = 0; s < lengths.length; s++) {
      int l = lengths[s];
      if (l > 0) {
        codes[s] = Integer.reverse(next[l]++) >>> (32 - l);
      }
    }
    return codes;
  }

  private void write(int value, int length) {
    bits |= (long) value << bitCount;
    bitCount += length;
    while (bitCount >= 8) {
      out[pos++] = (byte) bits;
      bits >>>= 8;
      bitCount -= 8;
    }
  }

  private void flushToByte() {
    ensure(8);
    while (bitCount > 0) {
      out[pos++] = (byte) bits;
      bits >>>= 8;
      bitCount = Math.max(0, bitCount - 8);
    }
  }

  private void ensure(int more) {
    if (pos + more > out.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, pos + more));
    }
  }
}
