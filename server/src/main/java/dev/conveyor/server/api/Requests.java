package dev.conveyor.server.api;

import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.Causation;
import io.javalin.http.Context;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * Who is asking, and a name for the request that causes events: what every mutating endpoint needs
 * to fill in an event's actor and causation.
 *
 * <p>TODO(#7): the actor comes from the bearer token; until tokens exist it is the name the client
 * sends in {@code Conveyor-Actor} (the CLI sends the OS user), else {@code anonymous}.
 */
public final class Requests {
  public static final String ACTOR_HEADER = "Conveyor-Actor";

  private final RandomGenerator random;

  public Requests(RandomGenerator random) {
    this.random = random;
  }

  public Actor actor(Context ctx) {
    String name = ctx.header(ACTOR_HEADER);
    return name == null || name.isBlank() ? Actor.of("anonymous") : Actor.of(name.strip());
  }

  /** The causation for events caused by this request: {@code command:<what> <request id>}. */
  public Causation command(Context ctx, String what) {
    return Causation.command(what + " req-" + HexFormat.of().toHexDigits(random.nextInt()));
  }
}
