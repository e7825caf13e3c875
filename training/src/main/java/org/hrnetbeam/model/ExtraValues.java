package org.hrnetbeam.model;

import java.util.ArrayList;
import java.util.List;

/** Typed reads of the loosely typed {@code MODEL.EXTRA} map (YAML gives Integer, Long, List or String). */
final class ExtraValues {
  private ExtraValues() {
  }

  static int positiveInt(String key, Object value) {
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + value + "'");
    }
    if (n.intValue() < 1) {
      throw new IllegalArgumentException(key + " must be at least 1, got " + n);
    }
    return n.intValue();
  }

  static List<Integer> positiveIntList(String key, Object value) {
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException(key + " must be a non-empty list of integers, got '" + value + "'");
    }
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(positiveInt(key + "[" + i + "]", list.get(i)));
    }
    return out;
  }
}
