package dev.conveyor.core.fleet;

import dev.conveyor.core.Preconditions;
import java.util.regex.Pattern;

/** The one rule for names of services, environments and instances: a DNS label. */
public final class Names {
  /**
   * A DNS-1123 label, so that every name can also be a Kubernetes label value and a Pod name part.
   * {@link #isLabel} checks it without a regex; the tests hold the two equal.
   */
  static final Pattern LABEL = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

  private Names() {}

  /**
   * True for a DNS-1123 label, as {@link #LABEL} says; no regex, as it runs for every replayed
   * event.
   */
  public static boolean isLabel(String value) {
    int n = value.length();
    if (n == 0 || n > 63) {
      return false;
    }
    char first = value.charAt(0);
    char last = value.charAt(n - 1);
    if (first < 'a' || first > 'z' || last == '-') {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = value.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }

  static String checkLabel(String what, String value) {
    Preconditions.present(value, what);
    Preconditions.check(
        isLabel(value),
        "%s '%s' is not valid: use 1 to 63 lowercase letters, digits and '-', starting with a letter"
            + " and not ending with '-'",
        what,
        value);
    return value;
  }
}
