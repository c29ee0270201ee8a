package dev.conveyor.server.budget;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.event.InstanceLaunched;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.history.EventQuery;
import dev.conveyor.core.history.History;
import dev.conveyor.core.history.SystemState;
import dev.conveyor.core.instance.Instance;
import dev.conveyor.core.instance.InstanceId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The instances that served in each fleet lately, with their artifacts — those that run now, and
 * those stopped within {@link #KEPT}: the history's state forgets a stopped instance, but its last
 * partial minute (a canary rolled back seconds ago) is still in the router's meters and must be
 * counted. It follows the history's {@code instance_launched} events, so an instance that came and
 * went between two readings is not missed.
 */
final class FleetMembers {
  /**
   * How long a stopped instance is still read: past the minute it stopped in, and its recording.
   */
  static final Duration KEPT = Duration.ofMinutes(5);

  /** One instance as the minutes need it; {@code gone} is when it was first seen stopped. */
  record Member(InstanceId id, FleetKey fleet, ArtifactId artifact, Instant gone) {}

  private final History history;
  private final InstantSource clock;
  private final Map<InstanceId, Member> members = new HashMap<>();
  private long readUpTo;

  FleetMembers(History history, InstantSource clock) {
    this.history = history;
    this.clock = clock;
    this.readUpTo = history.store().lastSeq();
  }

  /** The members of {@code fleet} as of {@code state} and the events up to it, ordered by id. */
  synchronized List<Member> of(SystemState state, FleetKey fleet) {
    follow(state);
    List<Member> out = new ArrayList<>();
    for (Member m : members.values()) {
      if (m.fleet().equals(fleet)) {
        out.add(m);
      }
    }
    out.sort(java.util.Comparator.comparing(m -> m.id().value()));
    return out;
  }

  /**
   * The fleets with members as of {@code state}: those with instances, and with ones stopped
   * lately.
   */
  synchronized java.util.Set<FleetKey> fleets(SystemState state) {
    follow(state);
    java.util.Set<FleetKey> fleets =
        new java.util.TreeSet<>(java.util.Comparator.comparing(FleetKey::toString));
    members.values().forEach(m -> fleets.add(m.fleet()));
    return fleets;
  }

  private void follow(SystemState state) {
    while (readUpTo < state.seq()) {
      List<RecordedEvent> page =
          history
              .store()
              .read(EventQuery.all(EventQuery.MAX_LIMIT).after(readUpTo).until(state.seq()));
      if (page.isEmpty()) {
        break;
      }
      for (RecordedEvent e : page) {
        if (e.event() instanceof InstanceLaunched l) {
          members.putIfAbsent(
              l.instance(), new Member(l.instance(), l.fleet(), l.artifact(), null));
        }
      }
      readUpTo = page.get(page.size() - 1).seq();
    }
    for (Instance i : state.instances()) {
      members.putIfAbsent(i.id(), new Member(i.id(), i.fleet(), i.artifact(), null));
    }
    Instant now = clock.instant();
    members
        .entrySet()
        .removeIf(
            e -> {
              Member m = e.getValue();
              if (state.instance(m.id()).isPresent()) {
                return false;
              }
              if (m.gone() == null) {
                e.setValue(new Member(m.id(), m.fleet(), m.artifact(), now));
                return false;
              }
              return Duration.between(m.gone(), now).compareTo(KEPT) > 0;
            });
  }
}
