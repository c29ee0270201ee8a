package dev.conveyor.core.config;

import java.util.Optional;
import java.util.SortedSet;

/** Finds the allowed word a misspelt one was probably meant to be, for "did you mean" hints. */
final class Suggestions {
  /** Suggest a word only when at most this many edits away. */
  static final int MAX_DISTANCE = 2;

  private Suggestions() {}

  /** The closest of {@code allowed} within {@link #MAX_DISTANCE} edits; ties go to the first. */
  static Optional<String> closest(String word, SortedSet<String> allowed) {
    String best = null;
    int bestDistance = MAX_DISTANCE + 1;
    for (String candidate : allowed) {
      int distance = distance(word, candidate, bestDistance);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The optimal string alignment distance (insertions, deletions, substitutions and swaps of
   * neighbours), or {@code limit} when it is at least that: cheap for a long hostile word.
   */
  static int distance(String a, String b, int limit) {
    if (Math.abs(a.length() - b.length()) >= limit) {
      return limit;
    }
    int[] before = new int[b.length() + 1];
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int value = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          value = Math.min(value, before[j - 2] + 1);
        }
        current[j] = value;
      }
      int[] recycled = before;
      before = previous;
      previous = current;
      current = recycled;
    }
    return Math.min(previous[b.length()], limit);
  }
}
