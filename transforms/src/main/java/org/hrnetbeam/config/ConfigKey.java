package org.hrnetbeam.config;

import java.util.List;
import java.util.function.Predicate;

/**
 * One config key: its full dotted path, type, default, a one-line description and an optional
 * check on the value.
 *
 * @param path full dotted path, e.g. {@code TRAIN.LR}
 * @param type the value type
 * @param defaultValue the default, already of {@code type}; {@code null} for an optional key that
 *     is absent unless a file sets it (the stage keys under {@code MODEL.EXTRA})
 * @param doc what the key means, one line
 * @param check a condition on the value, with {@code requirement} saying it in words
 * @param requirement the condition in words, for the error message
 * @param printAsTuple render a list as a Python tuple string ({@code GPUS: (0,1)}), as the
 *     reference's YAMLs write it
 */
public record ConfigKey(
    String path,
    ValueType type,
    Object defaultValue,
    String doc,
    Predicate<Object> check,
    String requirement,
    boolean printAsTuple) {

  static ConfigKey of(String path, ValueType type, Object defaultValue, String doc) {
    return new ConfigKey(path, type, defaultValue, doc, v -> true, "", false);
  }

  ConfigKey must(String requirement, Predicate<Object> check) {
    return new ConfigKey(path, type, defaultValue, doc, check, requirement, printAsTuple);
  }

  ConfigKey oneOf(String... allowed) {
    List<String> names = List.of(allowed);
    return must("one of " + names, v -> names.contains(v));
  }

  ConfigKey atLeast(int minimum) {
    return must(">= " + minimum, v -> ((Number) v).doubleValue() >= minimum);
  }

  ConfigKey asTuple() {
    return new ConfigKey(path, type, defaultValue, doc, check, requirement, true);
  }

  boolean optional() {
    return defaultValue == null;
  }

  /** The section part of the path ({@code TRAIN} for {@code TRAIN.LR}; empty at top level). */
  String section() {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }

  /** Coerces and checks a raw value for this key. */
  Object accept(Object raw) {
    Object value = type.coerce(path, raw);
    if (!check.test(value)) {
      throw new ConfigException(
          "config key " + path + ": value " + ValueType.render(raw) + " must be " + requirement);
    }
    return value;
  }
}
