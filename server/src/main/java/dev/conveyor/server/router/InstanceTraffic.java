package dev.conveyor.server.router;

import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.InstanceId;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the router knows about one instance's traffic: the requests it is serving right now (with a
 * way to wait until there are none) and its measured series.
 */
final class InstanceTraffic {
  final InstanceId id;
  final FleetKey fleet;
  final TrafficSeries series;

  /** Whether a current routing table names the instance (as active or shadow). */
  volatile boolean routed;

  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger waiters = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition drained = lock.newCondition();

  InstanceTraffic(InstanceId id, FleetKey fleet, TrafficSeries series) {
    this.id = id;
    this.fleet = fleet;
    this.series = series;
  }

  /** A request is now assigned to the instance. */
  void begin() {
    inFlight.incrementAndGet();
  }

  /** A request assigned to the instance is over (answered, failed, or moved elsewhere). */
  void end() {
    // Waiters register before they read the count, so either they see 0 or we see them.
    if (inFlight.decrementAndGet() == 0 && waiters.get() > 0) {
      lock.lock();
      try {
        drained.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  int inFlight() {
    return inFlight.get();
  }

  /** Waits until no request is in flight or {@code timeout} passes; returns those still going. */
  int awaitDrained(Duration timeout) throws InterruptedException {
    long remaining = timeout.toNanos();
    waiters.incrementAndGet();
    lock.lock();
    try {
      int now;
      while ((now = inFlight.get()) > 0) {
        if (remaining <= 0) {
          return now;
        }
        remaining = drained.awaitNanos(remaining);
      }
      return 0;
    } finally {
      lock.unlock();
      waiters.decrementAndGet();
    }
  }

  @Override
  public String toString() {
    return id + " (" + fleet + ", " + inFlight.get() + " in flight)";
  }
}
