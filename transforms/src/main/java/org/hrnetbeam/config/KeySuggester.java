package org.hrnetbeam.config;

import java.util.Collection;

/**
 * Finds the valid name nearest to a misspelt one, by edit distance (case-insensitive): config keys
 * over their full dotted path, and state_dict names in the weights package.
 */
public final class KeySuggester {
  private KeySuggester() {}

  /** The entry of {@code valid} nearest to {@code wrong}, or {@code null} when {@code valid} is empty. */
  public static String nearest(String wrong, Collection<String> valid) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : valid) {
      int d = distance(wrong.toUpperCase(), candidate.toUpperCase());
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return best;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
