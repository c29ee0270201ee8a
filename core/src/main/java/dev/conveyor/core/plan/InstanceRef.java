package dev.conveyor.core.plan;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.instance.InstanceId;
import java.util.regex.Pattern;

/**
 * Names an instance in a plan: one that runs now ({@link Existing}), or one the plan launches
 * ({@link Slot}), which gets its real id when its launch step runs.
 */
public sealed interface InstanceRef {

  /** An instance that exists when the plan is made. */
  record Existing(InstanceId id) implements InstanceRef {
    public Existing {
      Preconditions.present(id, "instance");
    }

    @Override
    public String toString() {
      return id.value();
    }
  }

  /**
   * An instance the plan launches, by the slot name its launch step gives it, e.g. {@code new-1}.
   */
  record Slot(String name) implements InstanceRef {
    private static final Pattern NAME = Pattern.compile("new-[a-z0-9-]{1,20}");

    public Slot {
      Preconditions.present(name, "slot");
      Preconditions.check(
          NAME.matcher(name).matches(),
          "slot '%s' is not valid: a slot is 'new-' and up to 20 lowercase letters, digits or '-',"
              + " e.g. new-1",
          name);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A slot when {@code text} starts with {@code new-}, else an existing instance's id. */
  static InstanceRef parse(String text) {
    return text.startsWith("new-") ? new Slot(text) : new Existing(InstanceId.of(text));
  }
}
