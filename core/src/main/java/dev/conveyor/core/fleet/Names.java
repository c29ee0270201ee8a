package dev.conveyor.core.fleet;

import dev.conveyor.core.Preconditions;
import java.util.regex.Pattern;

/** The one rule for names of services, environments and instances: a DNS label. */
final class Names {
  // A DNS-1123 label, so that every name can also be a Kubernetes label value and a Pod name part.
  private static final Pattern LABEL = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

  private Names() {}

  static String checkLabel(String what, String value) {
    Preconditions.present(value, what);
    Preconditions.check(
        LABEL.matcher(value).matches(),
        "%s '%s' is not valid: use 1 to 63 lowercase letters, digits and '-', starting with a letter"
            + " and not ending with '-'",
        what,
        value);
    return value;
  }
}
