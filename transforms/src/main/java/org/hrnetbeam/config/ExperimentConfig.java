package org.hrnetbeam.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resolved, frozen experiment config: defaults ← YAML (with {@code _BASE_}) ← {@code KEY VALUE}
 * overrides, every key checked against {@link ConfigSchema}.
 *
 * <p>Stages read it through typed getters by dotted key and build their own small typed values
 * from it; nothing reads a global config. {@link #hash()} identifies it in every artifact's
 * provenance.
 */
public final class ExperimentConfig implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, Object> values;
  private final String name;

  private ExperimentConfig(Map<String, Object> values, String name) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.name = name;
  }

  /** The defaults alone; its {@link #name()} is "defaults". */
  public static ExperimentConfig defaults() {
    return new ExperimentConfig(new ConfigLoader().values(), "defaults");
  }

  /** Loads {@code cfgFile} (a local path) and applies {@code overrides} ({@code KEY VALUE ...}). */
  public static ExperimentConfig load(Path cfgFile, List<String> overrides) {
    ConfigLoader loader = new ConfigLoader();
    loader.mergeFile(cfgFile);
    loader.mergeOverrides(overrides);
    return new ExperimentConfig(loader.values(), stripExtension(cfgFile.getFileName().toString()));
  }

  /** A copy with {@code KEY VALUE ...} overrides applied on top; the name stays. */
  public ExperimentConfig withOverrides(List<String> overrides) {
    ConfigLoader loader = new ConfigLoader();
    loader.values().clear();
    loader.values().putAll(values);
    loader.mergeOverrides(overrides);
    return new ExperimentConfig(loader.values(), name);
  }

  /** The config file name without its extension; names the output folder, as in the reference. */
  public String name() {
    return name;
  }

  /** {@code OUTPUT_DIR/<DATASET.DATASET>/<name>}: where this run's outputs go (local or gs://). */
  public String outputDir() {
    String root = getString("OUTPUT_DIR");
    String tail = getString("DATASET.DATASET") + "/" + name;
    if (root.isEmpty()) {
      return tail;
    }
    return root.endsWith("/") ? root + tail : root + "/" + tail;
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  public Object get(String key) {
    Object value = values.get(key);
    if (value == null) {
      if (ConfigSchema.key(key) == null) {
        throw new IllegalArgumentException("no config key " + key);
      }
      throw new ConfigException("config key " + key + " is not set (it has no default): set it in the YAML file");
    }
    return value;
  }

  public String getString(String key) {
    return (String) get(key);
  }

  public int getInt(String key) {
    return (Integer) get(key);
  }

  public double getDouble(String key) {
    return (Double) get(key);
  }

  public boolean getBoolean(String key) {
    return (Boolean) get(key);
  }

  @SuppressWarnings("unchecked")
  public List<Integer> getIntList(String key) {
    return (List<Integer>) get(key);
  }

  @SuppressWarnings("unchecked")
  public List<Double> getDoubleList(String key) {
    return (List<Double>) get(key);
  }

  @SuppressWarnings("unchecked")
  public List<String> getStringList(String key) {
    return (List<String>) get(key);
  }

  /**
   * The keys below {@code section} as a nested map ({@code getMap("MODEL.EXTRA")} gives
   * {@code {FINAL_CONV_KERNEL=1, STAGE1={...}, ...}}); only keys that are set appear.
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> getMap(String section) {
    Map<String, Object> root = new LinkedHashMap<>();
    String prefix = section + ".";
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        continue;
      }
      String[] parts = e.getKey().substring(prefix.length()).split("\\.");
      Map<String, Object> node = root;
      for (int i = 0; i < parts.length - 1; i++) {
        node = (Map<String, Object>) node.computeIfAbsent(parts[i], p -> new LinkedHashMap<String, Object>());
      }
      node.put(parts[parts.length - 1], e.getValue());
    }
    return root;
  }

  /** Every set key, in schema order. */
  public List<String> keys() {
    return new ArrayList<>(values.keySet());
  }

  /** The resolved config as YAML; it loads back to an equal config. */
  public String toYaml() {
    return YamlWriter.write(values, false);
  }

  /** The same with each key's description as a trailing comment. */
  public String toDocumentedYaml() {
    return YamlWriter.write(values, true);
  }

  /** SHA-256 (hex) of {@link #toYaml()}: the config's identity in provenance records. */
  public String hash() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(toYaml().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ExperimentConfig that && values.equals(that.values) && name.equals(that.name);
  }

  @Override
  public int hashCode() {
    return values.hashCode() * 31 + name.hashCode();
  }

  @Override
  public String toString() {
    return "ExperimentConfig[" + name + ", " + hash().substring(0, 12) + "]";
  }

  private static String stripExtension(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }
}
