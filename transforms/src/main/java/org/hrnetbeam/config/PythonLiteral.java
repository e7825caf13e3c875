package org.hrnetbeam.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A parser for the small subset of Python literals that yacs evaluates in config values:
 * integers, floats, True/False/None, quoted strings, tuples and lists of those.
 *
 * <p>The reference's YAMLs rely on it: {@code GPUS: (0,1,2,3)} is a string to YAML and a tuple to
 * yacs, and YAML 1.1 reads {@code 5e-4} as a string that yacs then turns into a float. Tuples come
 * back as lists; {@code None} comes back as the Java string "None" would be ambiguous, so it is
 * returned as {@link #NONE}.
 */
final class PythonLiteral {
  /** Python's None. */
  static final Object NONE = new Object() {
    @Override
    public String toString() {
      return "None";
    }
  };

  private final String text;
  private int pos;

  private PythonLiteral(String text) {
    this.text = text;
  }

  /** Parses {@code text} as a literal, or returns it unchanged when it is not one (like yacs). */
  static Object parseOrKeep(String text) {
    try {
      PythonLiteral parser = new PythonLiteral(text);
      Object value = parser.value();
      parser.skipSpace();
      return parser.pos == text.length() ? value : text;
    } catch (IllegalArgumentException notALiteral) {
      return text;
    }
  }

  private Object value() {
    skipSpace();
    if (pos >= text.length()) {
      throw new IllegalArgumentException("empty");
    }
    char c = text.charAt(pos);
    if (c == '(' || c == '[') {
      return sequence(c == '(' ? ')' : ']');
    }
    if (c == '\'' || c == '"') {
      return quoted(c);
    }
    return atom();
  }

  private List<Object> sequence(char close) {
    pos++;
    List<Object> items = new ArrayList<>();
    while (true) {
      skipSpace();
      if (pos < text.length() && text.charAt(pos) == close) {
        pos++;
        return items;
      }
      items.add(value());
      skipSpace();
      if (pos >= text.length()) {
        throw new IllegalArgumentException("unclosed");
      }
      char c = text.charAt(pos);
      if (c == ',') {
        pos++;
      } else if (c != close) {
        throw new IllegalArgumentException("expected , or " + close);
      }
    }
  }

  private String quoted(char quote) {
    int end = text.indexOf(quote, pos + 1);
    if (end < 0) {
      throw new IllegalArgumentException("unclosed string");
    }
    String s = text.substring(pos + 1, end);
    pos = end + 1;
    return s;
  }

  private Object atom() {
    int start = pos;
    while (pos < text.length() && ",)] \t".indexOf(text.charAt(pos)) < 0) {
      pos++;
    }
    String token = text.substring(start, pos);
    switch (token) {
      case "True":
        return Boolean.TRUE;
      case "False":
        return Boolean.FALSE;
      case "None":
        return NONE;
      default:
        break;
    }
    if (token.matches("[-+]?\\d+")) {
      return Long.parseLong(token);
    }
    if (token.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
      return Double.parseDouble(token);
    }
    throw new IllegalArgumentException("not a literal: " + token);
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }
}
