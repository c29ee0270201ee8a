package dev.conveyor.server.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.conveyor.core.event.EventCodec;
import dev.conveyor.core.event.EventSummary;
import dev.conveyor.core.event.RecordedEvent;

/**
 * An event as the API shows it: its place in the chain, who and what caused it, a one-line summary,
 * and the event's own fields exactly as they were hashed.
 */
public record EventView(
    long seq,
    String time,
    String actor,
    String causation,
    String type,
    String summary,
    @JsonRawValue String event,
    String prevHash,
    String hash) {

  public static EventView of(RecordedEvent e) {
    String body = EventCodec.encodeBody(e.event());
    return new EventView(
        e.seq(),
        e.time().toString(),
        e.actor().name(),
        e.causation().toString(),
        e.event().type(),
        EventSummary.of(e.event()),
        body,
        e.prevHash(),
        e.hash());
  }
}
