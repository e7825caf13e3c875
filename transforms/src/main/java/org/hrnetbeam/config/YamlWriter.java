package org.hrnetbeam.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a resolved config as block YAML in schema order, with nested sections as the reference's
 * YAMLs have them. The output reads back through {@link ConfigLoader} to the same config, and its
 * bytes are what {@link ExperimentConfig#hash()} hashes, so the format must stay stable.
 */
final class YamlWriter {
  private YamlWriter() {}

  static String write(Map<String, Object> values, boolean withDocs) {
    StringBuilder out = new StringBuilder();
    List<String> open = new ArrayList<>();
    for (ConfigKey key : ConfigSchema.keys()) {
      Object value = values.get(key.path());
      if (value == null) {
        continue;
      }
      List<String> parts = Arrays.asList(key.path().split("\\."));
      List<String> section = parts.subList(0, parts.size() - 1);
      int common = 0;
      while (common < open.size() && common < section.size() && open.get(common).equals(section.get(common))) {
        common++;
      }
      for (int depth = common; depth < section.size(); depth++) {
        out.append("  ".repeat(depth)).append(section.get(depth)).append(":\n");
      }
      open = new ArrayList<>(section);
      out.append("  ".repeat(section.size()))
          .append(parts.get(parts.size() - 1))
          .append(": ")
          .append(scalar(key, value));
      if (withDocs) {
        out.append("  # ").append(key.doc());
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String scalar(ConfigKey key, Object value) {
    if (value instanceof List<?> list) {
      if (key.printAsTuple()) {
        String inner = list.stream().map(String::valueOf).collect(Collectors.joining(","));
        return "(" + inner + (list.size() == 1 ? ",)" : ")");
      }
      return list.stream().map(YamlWriter::atom).collect(Collectors.joining(", ", "[", "]"));
    }
    return atom(value);
  }

  private static String atom(Object value) {
    if (value instanceof String s) {
      return "'" + s.replace("'", "''") + "'";
    }
    if (value instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        return d.isNaN() ? ".nan" : (d > 0 ? ".inf" : "-.inf");
      }
      String plain = BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
    return String.valueOf(value);
  }
}
