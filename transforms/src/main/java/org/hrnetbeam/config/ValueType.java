package org.hrnetbeam.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The type of one config key, and the coercions a value may go through to reach it.
 *
 * <p>Like yacs, a string read from YAML or the command line is first evaluated as a Python literal
 * ({@code "(0,1,2,3)"} becomes a tuple, {@code "5e-4"} a float). We are a little more lenient than
 * yacs in one place: an integer is accepted where a float is expected ({@code TRAIN.LR 1}), because
 * refusing it helps nobody.
 */
public enum ValueType {
  STRING("a string"),
  INT("an integer"),
  DOUBLE("a number"),
  BOOL("a boolean (true/false)"),
  INT_LIST("a list of integers"),
  DOUBLE_LIST("a list of numbers"),
  STRING_LIST("a list of strings");

  private final String description;

  ValueType(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  /** Converts a raw value (from YAML or an override) to this type, or fails naming the key. */
  Object coerce(String key, Object raw) {
    Object value = raw instanceof String s ? PythonLiteral.parseOrKeep(s) : raw;
    if (this == STRING && raw instanceof String) {
      // A quoted literal loses its quotes (as in yacs); anything else stays the text it was.
      value = value instanceof String ? value : raw;
    }
    Object result = convert(value);
    if (result == null) {
      throw new ConfigException(
          "config key " + key + ": value " + render(raw) + " is not " + description);
    }
    return result;
  }

  private Object convert(Object value) {
    switch (this) {
      case STRING:
        return value instanceof String ? value : null;
      case INT:
        return asInt(value);
      case DOUBLE:
        return asDouble(value);
      case BOOL:
        // yacs wants True/False; the lower-case YAML spelling on the command line is accepted too.
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
          return Boolean.parseBoolean(s);
        }
        return value instanceof Boolean ? value : null;
      case INT_LIST:
      case DOUBLE_LIST:
      case STRING_LIST:
        return asList(value);
      default:
        throw new IllegalStateException(name());
    }
  }

  private List<Object> asList(Object value) {
    if (!(value instanceof List<?> items)) {
      return null;
    }
    List<Object> out = new ArrayList<>(items.size());
    for (Object item : items) {
      Object element = switch (this) {
        case INT_LIST -> asInt(item instanceof String s ? PythonLiteral.parseOrKeep(s) : item);
        case DOUBLE_LIST -> asDouble(item instanceof String s ? PythonLiteral.parseOrKeep(s) : item);
        default -> item instanceof String ? item : null;
      };
      if (element == null) {
        return null;
      }
      out.add(element);
    }
    return List.copyOf(out);
  }

  private static Integer asInt(Object value) {
    if (value instanceof Integer i) {
      return i;
    }
    if (value instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
      return l.intValue();
    }
    return null;
  }

  private static Double asDouble(Object value) {
    if (value instanceof Double d) {
      return d;
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).doubleValue();
    }
    return null;
  }

  static String render(Object raw) {
    return raw instanceof String ? "'" + raw + "'" : String.valueOf(raw);
  }
}
