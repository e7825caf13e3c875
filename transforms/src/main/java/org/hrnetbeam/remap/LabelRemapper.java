package org.hrnetbeam.remap;

import java.util.Map;
import java.util.TreeMap;
import org.hrnetbeam.imageio.ByteLabel;
import org.hrnetbeam.imageio.DecodedLabel;
import org.hrnetbeam.imageio.LabelImage;

/**
 * Applies a {@link LabelMap} to every pixel of a label and counts what it saw. Train ids come out
 * as bytes: a map's ids and its ignore id are within 0..255 ({@link LabelMap}'s rules).
 */
public final class LabelRemapper {
  private LabelRemapper() {}

  /** Remaps a decoded label, whether its source values came as bytes or as ints. */
  public static RemappedLabel remap(DecodedLabel source, LabelMap map) {
    if (source instanceof ByteLabel bytes) {
      return remap(bytes, map);
    }
    return remap((LabelImage) source, map);
  }

  public static RemappedLabel remap(LabelImage source, LabelMap map) {
    int[] in = source.values();
    byte[] out = new byte[in.length];
    long[] classPixels = new long[map.numClasses()];
    long[] unmappedCounts = null;
    int ignore = map.ignore();
    for (int i = 0; i < in.length; i++) {
      int v = in[i];
      int t = map.targetOrUnmapped(v);
      if (t < 0) {
        if (unmappedCounts == null) {
          unmappedCounts = new long[LabelMap.MAX_SOURCE_VALUE + 1];
        }
        unmappedCounts[v]++;
        out[i] = (byte) ignore;
        continue;
      }
      out[i] = (byte) t;
      if (t != ignore) {
        classPixels[t]++;
      }
    }
    return remapped(source.width(), source.height(), out, unmappedCounts, classPixels);
  }

  /** Remaps 8-bit source values through a 256-entry table taken from the map once per label. */
  public static RemappedLabel remap(ByteLabel source, LabelMap map) {
    int ignore = map.ignore();
    int[] target = new int[256];
    byte[] written = new byte[256];
    for (int v = 0; v < 256; v++) {
      target[v] = map.targetOrUnmapped(v);
      written[v] = (byte) (target[v] < 0 ? ignore : target[v]);
    }
    byte[] in = source.ids();
    byte[] out = new byte[in.length];
    // Counted per source value, then folded into classes: one increment per pixel, no branch on
    // whether the value is a class, ignore or unmapped.
    long[] perValue = new long[256];
    for (int i = 0; i < in.length; i++) {
      int v = in[i] & 0xFF;
      perValue[v]++;
      out[i] = written[v];
    }
    long[] classPixels = new long[map.numClasses()];
    long[] unmappedCounts = null;
    for (int v = 0; v < 256; v++) {
      if (perValue[v] == 0) {
        continue;
      }
      int t = target[v];
      if (t < 0) {
        if (unmappedCounts == null) {
          unmappedCounts = new long[256];
        }
        unmappedCounts[v] = perValue[v];
      } else if (t != ignore) {
        classPixels[t] += perValue[v];
      }
    }
    return remapped(source.width(), source.height(), out, unmappedCounts, classPixels);
  }

  private static RemappedLabel remapped(int width, int height, byte[] out, long[] unmappedCounts, long[] classPixels) {
    Map<Integer, Long> unmapped = new TreeMap<>();
    if (unmappedCounts != null) {
      for (int v = 0; v < unmappedCounts.length; v++) {
        if (unmappedCounts[v] > 0) {
          unmapped.put(v, unmappedCounts[v]);
        }
      }
    }
    return new RemappedLabel(new ByteLabel(width, height, out), unmapped, classPixels);
  }
}
