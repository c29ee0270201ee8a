package dev.conveyor.bench.detection;

import dev.conveyor.core.verify.Outcome;

/**
 * A sequential test on the split of errors between candidate and baseline, fed second by second.
 */
interface SequentialTest {
  void observe(Second second);

  /** FAIL and PASS as the test decides them; RUNNING otherwise. */
  Outcome outcome();
}
