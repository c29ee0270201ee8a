package dev.conveyor.server.budget;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.core.event.EventCodec;
import dev.conveyor.core.event.EventSummary;
import dev.conveyor.core.event.RecordedEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each recorded budget alert to the configured webhooks, in the order they were recorded: a
 * JSON body with the event as the history holds it ({@code seq}, {@code time}, {@code actor},
 * {@code causation}, {@code event}) and a one-line {@code text} for chat tools. A webhook that
 * fails (not 2xx, or no answer within {@link #TIMEOUT}) is tried {@link #ATTEMPTS} times with a
 * growing pause, then logged; the alert itself is in the history either way.
 */
public final class AlertWebhooks implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertWebhooks.class);
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  static final int ATTEMPTS = 3;

  private final List<URI> urls;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon().name("alert-webhooks").unstarted(r));
  private final ObjectMapper json = new ObjectMapper();

  public AlertWebhooks(List<URI> urls) {
    this.urls = List.copyOf(urls);
  }

  /** Queues {@code alert} for every webhook; returns at once. */
  public void send(RecordedEvent alert) {
    if (urls.isEmpty()) {
      return;
    }
    String body = body(alert);
    sender.execute(
        () -> {
          for (URI url : urls) {
            post(url, body, alert.seq());
          }
        });
  }

  private String body(RecordedEvent alert) {
    try {
      ObjectNode node =
          (ObjectNode)
              json.readTree(
                  EventCodec.encode(
                      alert.seq(), alert.time(), alert.actor(), alert.causation(), alert.event()));
      node.put("text", EventSummary.of(alert.event()));
      return json.writeValueAsString(node);
    } catch (IOException e) {
      throw new IllegalStateException("an event's own encoding did not read back", e);
    }
  }

  private void post(URI url, String body, long seq) {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .header("User-Agent", "conveyor")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    String last = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 == 2) {
          return;
        }
        last = "HTTP " + status;
      } catch (IOException e) {
        last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (attempt < ATTEMPTS) {
        try {
          Thread.sleep(1000L * attempt);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    LOG.warn(
        "budget alert {} could not be sent to {} after {} attempts: {}", seq, url, ATTEMPTS, last);
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }
}
