package dev.conveyor.server.deploy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every strategy on a real fleet under real load, judged by the real verification on the router's
 * measurements: a good version goes through; a bad one (20% of answers fail) is rolled back. The
 * strategies that judge a canary beside a fresh copy of the old version are here; the others, in
 * {@link ReplacingStrategiesLiveTests}, so that the two classes run side by side in two JVMs.
 */
class StrategiesLiveTests {
  @TempDir Path dir;
  private LiveDeployments live;

  @BeforeEach
  void setUp() {
    live = new LiveDeployments(dir);
  }

  @AfterEach
  void tearDown() {
    live.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"canary", "blue-green", "bifurcated"})
  void goodVersion_goesThrough_badVersion_isRolledBack(String strategy) throws Exception {
    live.goodVersionGoesThrough_badVersionIsRolledBack(strategy);
  }
}
