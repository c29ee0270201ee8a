package dev.conveyor.server.router;

import dev.conveyor.core.replay.RecordedRequest;
import dev.conveyor.core.replay.ReplaySet;
import java.time.Instant;
import java.util.List;

/**
 * Where a fleet's request capture stands: its settings, how many requests it has seen and skipped
 * (bodies over 64 KiB, targets a replay cannot send), and the requests it holds.
 *
 * @param seen forwarded requests offered to the capture while it had room
 */
public record CaptureStatus(
    double sample,
    int limit,
    Instant started,
    long seen,
    long skipped,
    List<RecordedRequest> requests) {
  public CaptureStatus {
    requests = List.copyOf(requests);
  }

  /** Whether the capture holds {@code limit} requests and takes no more. */
  public boolean full() {
    return requests.size() >= limit;
  }

  /** The captured requests in replay-set form (JSON Lines); empty text while none are held. */
  public String jsonl() {
    return requests.isEmpty() ? "" : new ReplaySet(requests).toJsonl();
  }
}
