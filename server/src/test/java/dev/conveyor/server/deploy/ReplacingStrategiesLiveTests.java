package dev.conveyor.server.deploy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The strategies that replace old instances and judge against those still serving (rolling,
 * partial), on a real fleet under real load as in {@link StrategiesLiveTests}; and a rolling update
 * of five instances under constant load that fails no request.
 */
class ReplacingStrategiesLiveTests {
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
  @ValueSource(strings = {"rolling", "partial"})
  void goodVersion_goesThrough_badVersion_isRolledBack(String strategy) throws Exception {
    live.goodVersionGoesThrough_badVersionIsRolledBack(strategy);
  }

  @Test
  void rollingUpdateOfFive_underConstantLoad_failsNoRequest() throws Exception {
    live.rollingUpdateOfFive_failsNoRequest();
  }
}
