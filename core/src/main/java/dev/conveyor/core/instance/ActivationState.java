package dev.conveyor.core.instance;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where an instance is in its life. The legal transitions are the table in {@link #next()}: the one
 * place that says which changes Conveyor may make.
 */
public enum ActivationState {
  /** The process is starting; not yet ready. */
  STARTING,
  /** Running and ready, receiving no traffic. */
  STANDBY,
  /** Serving clients, with a traffic weight. */
  ACTIVE,
  /** Receives mirrored traffic; its answers are compared, never returned. */
  SHADOW,
  /** Finishing in-flight requests; receives no new ones. */
  DRAINING,
  /** Ended on purpose; the process is gone. Terminal. */
  STOPPED,
  /** Ended by a fault (crash, failed health checks, readiness timeout). */
  FAILED;

  static {
    // The transition table. An instance always reaches STOPPED through DRAINING if it ever served
    // clients, so that in-flight requests finish; SHADOW and STANDBY carry no client requests.
    STARTING.allowed = Collections.unmodifiableSet(EnumSet.of(STANDBY, FAILED, STOPPED));
    STANDBY.allowed =
        Collections.unmodifiableSet(EnumSet.of(ACTIVE, SHADOW, DRAINING, STOPPED, FAILED));
    ACTIVE.allowed = Collections.unmodifiableSet(EnumSet.of(ACTIVE, STANDBY, DRAINING, FAILED));
    SHADOW.allowed =
        Collections.unmodifiableSet(EnumSet.of(ACTIVE, STANDBY, DRAINING, STOPPED, FAILED));
    DRAINING.allowed = Collections.unmodifiableSet(EnumSet.of(STOPPED, FAILED));
    STOPPED.allowed = Collections.unmodifiableSet(EnumSet.noneOf(ActivationState.class));
    // A failed instance's leftovers (process, directory) are reaped, and that is recorded.
    FAILED.allowed = Collections.unmodifiableSet(EnumSet.of(STOPPED));
  }

  private Set<ActivationState> allowed;

  /** The states this one may change to. {@code ACTIVE -> ACTIVE} is a weight change. */
  public Set<ActivationState> next() {
    return allowed;
  }

  public boolean canChangeTo(ActivationState to) {
    return allowed.contains(to);
  }

  /** True for states in which the instance has a process that may serve or receive traffic. */
  public boolean isRunning() {
    return this != STOPPED && this != FAILED;
  }

  /** The lowercase name used in the API, the CLI and the history, e.g. {@code standby}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state named by {@code label}, or an error listing the names. */
  public static ActivationState ofLabel(String label) {
    for (ActivationState state : values()) {
      if (state.label().equals(label)) {
        return state;
      }
    }
    throw new dev.conveyor.core.InvalidInputException(
        "unknown activation state '"
            + label
            + "': expected one of starting, standby, active, shadow, draining, stopped, failed");
  }

  @Override
  public String toString() {
    return label();
  }
}
