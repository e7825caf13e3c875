package org.hrnetbeam.imageio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class HuffmanDeflaterTest {

  @Test
  void zlibInflatesWhatItWrites() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    byte[] noise = new byte[3 * HuffmanDeflater.BLOCK + 123];
    random.nextBytes(noise);
    byte[] skewed = new byte[100_000];
    for (int i = 0; i < skewed.length; i++) {
      skewed[i] = (byte) (random.nextInt(9) * random.nextInt(9) - 30);
    }
    for (byte[] data : new byte[][] {new byte[0], {42}, new byte[5000], noise, skewed}) {
      assertArrayEquals(data, inflate(HuffmanDeflater.compress(data, 0, data.length)), "length " + data.length);
    }
    assertArrayEquals(Arrays.copyOfRange(noise, 10, 70_000), inflate(HuffmanDeflater.compress(noise, 10, 69_990)));
  }

  @Test
  void codesStayWithinFifteenBitsWhenCountsWouldMakeThemDeeper() throws Exception {
    // Fibonacci counts give the deepest Huffman trees: 21 symbols would need 20 bits.
    int[] counts = new int[21];
    counts[0] = 1;
    counts[1] = 1;
    for (int s = 2; s < counts.length; s++) {
      counts[s] = counts[s - 1] + counts[s - 2];
    }
    int[] lengths = HuffmanDeflater.codeLengths(counts, 15);
    assertTrue(Arrays.stream(lengths).max().getAsInt() <= 15, Arrays.toString(lengths));
    double kraft = Arrays.stream(lengths).mapToDouble(l -> Math.pow(2, -l)).sum();
    assertEquals(1.0, kraft, 1e-12, "a complete prefix code");

    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (int s = 0; s < counts.length; s++) {
      for (int i = 0; i < counts[s]; i++) {
        data.write(s);
      }
    }
    byte[] bytes = data.toByteArray();
    assertArrayEquals(bytes, inflate(HuffmanDeflater.compress(bytes, 0, bytes.length)));
  }

  @Test
  void compressesAsWellAsZlibsHuffmanOnlyMode() {
    byte[] photoLike = new byte[200_000];
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < photoLike.length; i++) {
      photoLike[i] = (byte) Math.round(random.nextGaussian() * 6);
    }
    Deflater zlib = new Deflater(1);
    zlib.setStrategy(Deflater.HUFFMAN_ONLY);
    zlib.setInput(photoLike);
    zlib.finish();
    byte[] buffer = new byte[photoLike.length * 2];
    int zlibSize = 0;
    while (!zlib.finished()) {
      zlibSize += zlib.deflate(buffer, zlibSize, buffer.length - zlibSize);
    }
    zlib.end();
    int ours = HuffmanDeflater.compress(photoLike, 0, photoLike.length).length;
    assertTrue(ours <= zlibSize * 1.02, "ours " + ours + " bytes vs zlib " + zlibSize);
  }

  private static byte[] inflate(byte[] z) throws Exception {
    Inflater inflater = new Inflater();
    inflater.setInput(z);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    while (!inflater.finished()) {
      int n = inflater.inflate(buffer);
      if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
        throw new AssertionError("stream ended early");
      }
      out.write(buffer, 0, n);
    }
    assertEquals(0, inflater.getRemaining(), "bytes after the end of the stream");
    inflater.end();
    return out.toByteArray();
  }
}
