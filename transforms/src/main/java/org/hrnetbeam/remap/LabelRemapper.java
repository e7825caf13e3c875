package org.hrnetbeam.remap;

import java.util.Map;
import java.util.TreeMap;
import org.hrnetbeam.imageio.ByteLabel;
import org.hrnetbeam.imageio.LabelImage;

/**
 * Applies a {@link LabelMap} to every pixel of a label and counts what it saw. Train ids come out
 * as bytes: a map's ids and its ignore id are within 0..255 ({@link LabelMap}'s rules).
 */
public final class LabelRemapper {
  private LabelRemapper() {}

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
    Map<Integer, Long> unmapped = new TreeMap<>();
    if (unmappedCounts != null) {
      for (int v = 0; v < unmappedCounts.length; v++) {
        if (unmappedCounts[v] > 0) {
          unmapped.put(v, unmappedCounts[v]);
        }
      }
    }
    return new RemappedLabel(new ByteLabel(source.width(), source.height(), out), unmapped, classPixels);
  }
}
