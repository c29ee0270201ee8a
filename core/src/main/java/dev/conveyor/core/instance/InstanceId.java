package dev.conveyor.core.instance;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.fleet.Names;
import dev.conveyor.core.fleet.ServiceName;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/** The name of one instance, unique for all time: {@code <service>-<12 hex digits>}. */
public record InstanceId(String value) implements Comparable<InstanceId> {

  public InstanceId {
    Preconditions.present(value, "instance id");
    Preconditions.check(
        Names.isLabel(value),
        "instance id '%s' is not valid: use 1 to 63 lowercase letters, digits and '-'",
        value);
  }

  public static InstanceId of(String value) {
    return new InstanceId(value);
  }

  /** A fresh id for an instance of {@code service}, drawing its suffix from {@code random}. */
  public static InstanceId next(ServiceName service, RandomGenerator random) {
    // 50 characters of service name + '-' + 12 hex digits (48 random bits) stays within a
    // 63-character DNS label.
    String prefix =
        service.value().length() > 50 ? service.value().substring(0, 50) : service.value();
    if (prefix.endsWith("-")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    return new InstanceId(
        prefix + "-" + HexFormat.of().toHexDigits(random.nextLong()).substring(4));
  }

  @Override
  public int compareTo(InstanceId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
