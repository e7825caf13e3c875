package org.hrnetbeam.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Resolves a config the way yacs does: defaults, then the YAML file (after the file its
 * {@code _BASE_} names, recursively, relative to the including file), then {@code KEY VALUE}
 * overrides. Every key is checked against {@link ConfigSchema} on the way in.
 */
final class ConfigLoader {
  private static final String BASE_KEY = "_BASE_";

  private final Map<String, Object> values = new LinkedHashMap<>();

  ConfigLoader() {
    for (ConfigKey key : ConfigSchema.keys()) {
      if (!key.optional()) {
        values.put(key.path(), key.defaultValue());
      }
    }
  }

  Map<String, Object> values() {
    return values;
  }

  void mergeFile(Path file) {
    mergeFile(file, new ArrayDeque<>());
  }

  private void mergeFile(Path file, Deque<Path> including) {
    Path normalized = file.toAbsolutePath().normalize();
    if (including.contains(normalized)) {
      throw new ConfigException("config " + file + ": _BASE_ chain loops back to itself: " + including);
    }
    Map<String, Object> tree = read(file);
    Object base = tree.remove(BASE_KEY);
    if (base != null) {
      if (!(base instanceof String baseName) || baseName.isBlank()) {
        throw new ConfigException("config " + file + ": _BASE_ must be a file name, got " + ValueType.render(base));
      }
      including.push(normalized);
      Path parent = normalized.getParent();
      mergeFile(parent == null ? Path.of(baseName) : parent.resolve(baseName), including);
      including.pop();
    }
    mergeTree("", tree, file);
  }

  private static Map<String, Object> read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      if (root == null) {
        return new LinkedHashMap<>();
      }
      if (!(root instanceof Map<?, ?> map)) {
        throw new ConfigException("config " + file + ": expected a mapping of keys at the top, got " + root.getClass().getSimpleName());
      }
      return stringKeys(map, "", file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file not found: " + file);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
    } catch (YAMLException e) {
      throw new ConfigException("config " + file + " is not valid YAML: " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map, String prefix, Path file) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String)) {
        throw new ConfigException("config " + file + ": key " + prefix + e.getKey() + " is not a name");
      }
      out.put((String) e.getKey(), e.getValue());
    }
    return out;
  }

  private void mergeTree(String prefix, Map<?, ?> tree, Path file) {
    for (Map.Entry<?, ?> entry : tree.entrySet()) {
      String path = prefix + entry.getKey();
      Object value = entry.getValue();
      if (value instanceof Map<?, ?> child) {
        if (!ConfigSchema.isSection(path)) {
          throw unknownOrLeaf(path, "in " + file);
        }
        mergeTree(path + ".", child, file);
      } else {
        set(path, value, "in " + file);
      }
    }
  }

  /** Applies {@code KEY VALUE} pairs, as yacs's {@code merge_from_list}. */
  void mergeOverrides(List<String> pairs) {
    if (pairs.size() % 2 != 0) {
      throw new ConfigException("overrides must be KEY VALUE pairs, got " + pairs.size()
          + " words; '" + pairs.get(pairs.size() - 1) + "' has no value");
    }
    for (int i = 0; i < pairs.size(); i += 2) {
      set(pairs.get(i), pairs.get(i + 1), "on the command line");
    }
  }

  private void set(String path, Object raw, String where) {
    ConfigKey key = ConfigSchema.key(path);
    if (key == null) {
      throw unknownOrLeaf(path, where);
    }
    if (raw == null) {
      throw new ConfigException("config key " + path + " " + where + " has no value (expected " + key.type().description() + ")");
    }
    try {
      values.put(path, key.accept(raw));
    } catch (ConfigException e) {
      throw new ConfigException(e.getMessage() + " (" + where + ")");
    }
  }

  private static ConfigException unknownOrLeaf(String path, String where) {
    if (ConfigSchema.isSection(path)) {
      return new ConfigException("config " + path + " " + where + " is a section, not a key: give one of its keys, e.g. "
          + firstKeyUnder(path));
    }
    if (ConfigSchema.key(path) != null) {
      return new ConfigException("config key " + path + " " + where + " takes a value, not nested keys");
    }
    String nearest = KeySuggester.nearest(path, ConfigSchema.keys().stream().map(ConfigKey::path).toList());
    return new ConfigException("unknown config key " + path + " " + where + "; did you mean " + nearest + "?");
  }

  private static String firstKeyUnder(String section) {
    return ConfigSchema.keys().stream().map(ConfigKey::path)
        .filter(p -> p.startsWith(section + ".")).findFirst().orElse(section);
  }
}
