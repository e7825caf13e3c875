package org.hrnetbeam.remap;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A label remapping table, read from a YAML file in conf/labelmaps, and its inverse.
 *
 * <p>File format: {@code ignore} (the train id of ignored pixels, at most 255), {@code classes}
 * (class names, their index is the train id), {@code inverse_ignore} (the source value the ignore
 * id maps back to), and any of {@code map} (source value → train id; "ignore" allowed) and
 * {@code ranges} (list of {from, to, add}: every value v in [from, to] → v + add). A source value
 * the file does not mention is "unmapped": it becomes ignore and is counted, because it usually
 * means the wrong map was chosen.
 */
public final class LabelMap implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Source values may be 16-bit. */
  public static final int MAX_SOURCE_VALUE = 65535;
  private static final int UNMAPPED = -1;

  private final String name;
  private final int ignore;
  private final List<String> classes;
  private final int[] table;
  private final int[] inverse;
  private final int inverseIgnore;

  private LabelMap(String name, int ignore, List<String> classes, int[] table, int inverseIgnore) {
    this.name = name;
    this.ignore = ignore;
    this.classes = List.copyOf(classes);
    this.table = table;
    this.inverseIgnore = inverseIgnore;
    this.inverse = new int[classes.size()];
    Arrays.fill(inverse, UNMAPPED);
    for (int v = 0; v < table.length; v++) {
      int t = table[v];
      if (t >= 0 && t != ignore && inverse[t] == UNMAPPED) {
        inverse[t] = v;
      }
    }
  }

  /** Parses a label map; {@code source} names the file in error messages. */
  public static LabelMap parse(String name, Reader reader, String source) throws IOException {
    Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    if (!(root instanceof Map<?, ?> doc)) {
      throw new IOException(source + ": a label map must be a YAML mapping");
    }
    int ignore = intValue(doc.get("ignore"), source, "ignore");
    if (ignore < 0 || ignore > 255) {
      throw new IOException(source + ": ignore must be within 0..255 (shards store 8-bit labels), got " + ignore);
    }
    if (!(doc.get("classes") instanceof List<?> names) || names.isEmpty()) {
      throw new IOException(source + ": 'classes' must be a non-empty list of class names");
    }
    List<String> classes = new ArrayList<>();
    names.forEach(n -> classes.add(String.valueOf(n)));
    if (classes.size() > ignore && ignore < 255 || classes.size() > 255) {
      throw new IOException(source + ": " + classes.size() + " classes collide with ignore id " + ignore);
    }
    int[] table = new int[MAX_SOURCE_VALUE + 1];
    Arrays.fill(table, UNMAPPED);
    if (doc.get("ranges") instanceof List<?> ranges) {
      for (Object r : ranges) {
        if (!(r instanceof Map<?, ?> range)) {
          throw new IOException(source + ": each entry of 'ranges' needs from, to, add");
        }
        int from = intValue(range.get("from"), source, "ranges.from");
        int to = intValue(range.get("to"), source, "ranges.to");
        int add = intValue(range.get("add"), source, "ranges.add");
        for (int v = from; v <= to; v++) {
          table[checkSource(v, source)] = checkTarget(v + add, classes.size(), ignore, source, v);
        }
      }
    }
    if (doc.get("map") instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        int v = checkSource(intValue(e.getKey(), source, "map key"), source);
        int t = "ignore".equals(e.getValue()) ? ignore : intValue(e.getValue(), source, "map." + v);
        table[v] = checkTarget(t, classes.size(), ignore, source, v);
      }
    }
    int inverseIgnore = doc.containsKey("inverse_ignore")
        ? intValue(doc.get("inverse_ignore"), source, "inverse_ignore") : ignore;
    return new LabelMap(name, ignore, classes, table, inverseIgnore);
  }

  private static int checkSource(int v, String source) throws IOException {
    if (v < 0 || v > MAX_SOURCE_VALUE) {
      throw new IOException(source + ": source value " + v + " is outside 0.." + MAX_SOURCE_VALUE);
    }
    return v;
  }

  private static int checkTarget(int t, int numClasses, int ignore, String source, int v) throws IOException {
    if (t != ignore && (t < 0 || t >= numClasses)) {
      throw new IOException(source + ": value " + v + " maps to " + t + ", which is neither a class (0.."
          + (numClasses - 1) + ") nor ignore (" + ignore + ")");
    }
    return t;
  }

  private static int intValue(Object o, String source, String key) throws IOException {
    if (o instanceof Integer i) {
      return i;
    }
    if (o instanceof String s) {
      try {
        return Integer.parseInt(s.strip());
      } catch (NumberFormatException e) {
        throw new IOException(source + ": " + key + " must be an integer, got '" + s + "'");
      }
    }
    throw new IOException(source + ": " + key + " must be an integer, got " + o);
  }

  public String name() {
    return name;
  }

  /** The train id written for ignored pixels (and used to pad crops). */
  public int ignore() {
    return ignore;
  }

  public int numClasses() {
    return classes.size();
  }

  public List<String> classes() {
    return classes;
  }

  /** The train id of a source value, or ignore when the map does not cover it. */
  public int apply(int source) {
    int t = source >= 0 && source < table.length ? table[source] : UNMAPPED;
    return t == UNMAPPED ? ignore : t;
  }

  /** Whether the map mentions this source value (explicitly, possibly as ignore). */
  public boolean covers(int source) {
    return source >= 0 && source < table.length && table[source] != UNMAPPED;
  }

  /** The source value a train id maps back to, for exporting predictions in the dataset's ids. */
  public int invert(int trainId) {
    if (trainId == ignore) {
      return inverseIgnore;
    }
    if (trainId < 0 || trainId >= inverse.length || inverse[trainId] == UNMAPPED) {
      throw new IllegalArgumentException("label map " + name + " has no source value for train id " + trainId);
    }
    return inverse[trainId];
  }

  /** The train id of a source value, or -1 when the map does not cover it. */
  int targetOrUnmapped(int source) {
    return source >= 0 && source < table.length ? table[source] : UNMAPPED;
  }

  /**
   * Serialized as the covered entries only: the 65,536-entry table is mostly "unmapped", and Beam
   * serializes a DoFn that holds a map each time it translates the DoFn's ParDo (once per bundle on
   * DirectRunner), so the full table cost about 260 kB of writing and reading per bundle.
   */
  private Object writeReplace() {
    int covered = 0;
    for (int t : table) {
      covered += t == UNMAPPED ? 0 : 1;
    }
    int[] sources = new int[covered];
    int[] targets = new int[covered];
    int i = 0;
    for (int v = 0; v < table.length; v++) {
      if (table[v] != UNMAPPED) {
        sources[i] = v;
        targets[i++] = table[v];
      }
    }
    return new SerializedForm(name, ignore, new ArrayList<>(classes), sources, targets, inverseIgnore);
  }

  private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
    throw new java.io.InvalidObjectException("a LabelMap is read through its serialized form");
  }

  /** The covered entries of a {@link LabelMap}; becomes the map again when read. */
  private record SerializedForm(String name, int ignore, ArrayList<String> classes, int[] sources, int[] targets,
      int inverseIgnore) implements Serializable {
    private static final long serialVersionUID = 1L;

    private Object readResolve() {
      int[] table = new int[MAX_SOURCE_VALUE + 1];
      Arrays.fill(table, UNMAPPED);
      for (int i = 0; i < sources.length; i++) {
        table[sources[i]] = targets[i];
      }
      return new LabelMap(name, ignore, classes, table, inverseIgnore);
    }
  }
}
