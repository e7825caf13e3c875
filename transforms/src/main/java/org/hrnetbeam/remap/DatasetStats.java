package org.hrnetbeam.remap;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/** {@link LabelStats} summed over a dataset: per split class histograms, unmapped values. */
public final class DatasetStats implements Serializable {
  private static final long serialVersionUID = 1L;
  private final TreeMap<String, long[]> classPixels = new TreeMap<>();
  private final TreeMap<String, long[]> presentImagePixels = new TreeMap<>();
  private final TreeMap<Integer, Long> unmapped = new TreeMap<>();

  public DatasetStats add(LabelStats s) {
    addTo(classPixels, s.split(), s.classPixels());
    addTo(presentImagePixels, s.split(), s.presentImagePixels());
    s.unmapped().forEach((v, n) -> unmapped.merge(v, n, Long::sum));
    return this;
  }

  public DatasetStats merge(DatasetStats other) {
    other.classPixels.forEach((k, v) -> addTo(classPixels, k, v));
    other.presentImagePixels.forEach((k, v) -> addTo(presentImagePixels, k, v));
    other.unmapped.forEach((v, n) -> unmapped.merge(v, n, Long::sum));
    return this;
  }

  private static void addTo(Map<String, long[]> map, String key, long[] values) {
    long[] sum = map.computeIfAbsent(key, k -> new long[values.length]);
    for (int i = 0; i < values.length; i++) {
      sum[i] += values[i];
    }
  }

  /** Pixels per train id of a split; all zero when the split has none. */
  public long[] classPixels(String split, int numClasses) {
    return classPixels.getOrDefault(split, new long[numClasses]).clone();
  }

  public long[] presentImagePixels(String split, int numClasses) {
    return presentImagePixels.getOrDefault(split, new long[numClasses]).clone();
  }

  /** Source value → pixels the label map did not cover, over all splits. */
  public Map<Integer, Long> unmapped() {
    return new TreeMap<>(unmapped);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DatasetStats other && unmapped.equals(other.unmapped)
        && sameArrays(classPixels, other.classPixels) && sameArrays(presentImagePixels, other.presentImagePixels);
  }

  @Override
  public int hashCode() {
    return classPixels.keySet().hashCode() * 31 + unmapped.hashCode();
  }

  private static boolean sameArrays(Map<String, long[]> a, Map<String, long[]> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    for (Map.Entry<String, long[]> e : a.entrySet()) {
      if (!java.util.Arrays.equals(e.getValue(), b.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
