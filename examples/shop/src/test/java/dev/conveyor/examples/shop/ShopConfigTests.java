package dev.conveyor.examples.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading shop.properties, the command line and PORT, with the messages a person sees. */
class ShopConfigTests {
  @Nested
  class Parse {
    @Test
    void fullFile_readsEveryKey() {
      ShopConfig config =
          ShopConfig.parse(
              """
              version=v2
              checkout.failure.rate=0.05
              latency.base.ms=2
              latency.jitter.ms=1.5
              latency.slow.fraction=0.02
              latency.slow.ms=4
              seed=42
              shutdown.timeout.ms=2500
              """);

      assertThat(config).isEqualTo(new ShopConfig("v2", 0.05, 2, 1.5, 0.02, 4, 42, 2_500));
    }

    @Test
    void versionOnly_defaultsToInstantAndFaultless() {
      assertThat(ShopConfig.parse("version=v1\n")).isEqualTo(ShopConfig.instant("v1"));
    }

    @Test
    void unknownKey_isAnErrorListingTheKeys() {
      assertThatThrownBy(() -> ShopConfig.parse("version=v1\nlatency.base=2\n"))
          .isInstanceOf(ShopConfigException.class)
          .hasMessage(
              "unknown key 'latency.base': the keys are version, checkout.failure.rate,"
                  + " latency.base.ms, latency.jitter.ms, latency.slow.fraction, latency.slow.ms,"
                  + " seed, shutdown.timeout.ms");
    }

    @Test
    void missingVersion_saysWhatToAdd() {
      assertThatThrownBy(() -> ShopConfig.parse("seed=1\n"))
          .hasMessage("missing key 'version': add a line such as version=v1");
    }

    @Test
    void badValues_nameTheKeyAndValue() {
      assertThatThrownBy(() -> ShopConfig.parse("version=v1\ncheckout.failure.rate=5%\n"))
          .hasMessage("'checkout.failure.rate' must be a number, got '5%'");
      assertThatThrownBy(() -> ShopConfig.parse("version=v1\ncheckout.failure.rate=5\n"))
          .hasMessage("'checkout.failure.rate' must be a share from 0 to 1, got 5");
      assertThatThrownBy(() -> ShopConfig.parse("version=v1\nlatency.base.ms=-1\n"))
          .hasMessage("'latency.base.ms' must be from 0 to 60000 milliseconds, got -1");
      assertThatThrownBy(() -> ShopConfig.parse("version=v1\nseed=1.5\n"))
          .hasMessage("'seed' must be a whole number, got '1.5'");
      assertThatThrownBy(() -> ShopConfig.parse("version=two words\n"))
          .hasMessage("'version' must be a word without whitespace, such as v1, got 'two words'");
    }

    @Test
    void load_missingFile_saysHowToNameOne(@TempDir Path dir) {
      Path file = dir.resolve("nope.properties");
      assertThatThrownBy(() -> ShopConfig.load(file))
          .hasMessage(
              "config file "
                  + file
                  + " does not exist: pass --config FILE, set SHOP_CONFIG, or run where"
                  + " shop.properties is");
    }

    @Test
    void load_badFile_prefixesTheFileName(@TempDir Path dir) throws Exception {
      Path file = Files.writeString(dir.resolve("shop.properties"), "version=v1\nseed=x\n");
      assertThatThrownBy(() -> ShopConfig.load(file))
          .hasMessage(file + ": 'seed' must be a whole number, got 'x'");
    }
  }

  @Nested
  class CommandLine {
    @Test
    void configFile_flagWinsOverEnvironment() {
      assertThat(
              Main.configFile(
                  new String[] {"--config", "a.properties"}, Map.of("SHOP_CONFIG", "b")))
          .isEqualTo(Path.of("a.properties"));
      assertThat(Main.configFile(new String[] {"--config=c.properties"}, Map.of()))
          .isEqualTo(Path.of("c.properties"));
      assertThat(Main.configFile(new String[0], Map.of("SHOP_CONFIG", "b.properties")))
          .isEqualTo(Path.of("b.properties"));
      assertThat(Main.configFile(new String[0], Map.of())).isEqualTo(Path.of("shop.properties"));
    }

    @Test
    void configFile_badArguments_showUsage() {
      assertThatThrownBy(() -> Main.configFile(new String[] {"--config"}, Map.of()))
          .hasMessage(
              "--config needs a file name; usage: java -jar shop.jar [--config FILE]  (with PORT"
                  + " set)");
      assertThatThrownBy(() -> Main.configFile(new String[] {"--verbose"}, Map.of()))
          .hasMessage(
              "unknown argument '--verbose'; usage: java -jar shop.jar [--config FILE]  (with"
                  + " PORT set)");
    }

    @Test
    void port_readsPort() {
      assertThat(Main.port(Map.of("PORT", "8080"))).isEqualTo(8080);
      assertThat(Main.port(Map.of("PORT", "0"))).isZero();
    }

    @Test
    void port_unsetOrInvalid_failsClearly() {
      assertThatThrownBy(() -> Main.port(Map.of()))
          .hasMessage(
              "PORT is not set: set it to the TCP port to listen on (1 to 65535, or 0 for any)");
      assertThatThrownBy(() -> Main.port(Map.of("PORT", "http")))
          .hasMessage("PORT must be a TCP port number from 1 to 65535 (or 0 for any), got 'http'");
      assertThatThrownBy(() -> Main.port(Map.of("PORT", "70000")))
          .hasMessage("PORT must be a TCP port number from 1 to 65535 (or 0 for any), got '70000'");
    }
  }
}
