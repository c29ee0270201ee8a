package dev.conveyor.examples.shop;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code java -jar shop.jar [--config FILE]}: runs the shop on 127.0.0.1 and {@code $PORT} until
 * SIGTERM (or Ctrl-C), then drains and exits 0. {@code java -jar shop.jar simulate …} places the
 * standard orders against a running shop instead (see {@link SimulateCommand}).
 *
 * <p>The config file is {@code --config FILE}, else {@code $SHOP_CONFIG}, else {@code
 * shop.properties} in the working directory. A bad command line, config or PORT ends it at once
 * with one line on stderr, prefixed {@code shop:}, and exit code 2.
 */
public final class Main {
  /** The exit code for a bad command line, config file or PORT. */
  static final int USAGE = 2;

  static final String USAGE_LINE = "usage: java -jar shop.jar [--config FILE]  (with PORT set)";

  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("simulate")) {
      System.exit(
          SimulateCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
      return;
    }
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(USAGE_LINE);
      return;
    }
    ShopServer shop;
    try {
      Map<String, String> env = System.getenv();
      Path file = configFile(args, env);
      ShopConfig config = ShopConfig.load(file);
      shop = ShopServer.start(config, port(env));
      System.out.println(
          "shop "
              + config.version()
              + " listening on "
              + shop.url()
              + " (config "
              + file
              + ", pid "
              + ProcessHandle.current().pid()
              + ")");
    } catch (ShopConfigException | UncheckedIOException e) {
      System.err.println("shop: " + e.getMessage());
      System.exit(USAGE);
      return;
    }
    ShopServer running = shop;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("shop " + running.config().version() + " draining");
                  running.stop();
                  System.out.println("shop " + running.config().version() + " stopped");
                  System.out.flush();
                  // A JVM ended by a signal exits 128 + signal even when its hooks finish; halting
                  // here makes a graceful stop exit 0, as a supervisor expects of a clean drain.
                  Runtime.getRuntime().halt(0);
                },
                "shop-shutdown"));
  }

  /** The config file: {@code --config FILE}, else {@code $SHOP_CONFIG}, else the default. */
  static Path configFile(String[] args, Map<String, String> env) {
    String file = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--config")) {
        if (i + 1 >= args.length) {
          throw new ShopConfigException("--config needs a file name; " + USAGE_LINE);
        }
        file = args[++i];
      } else if (arg.startsWith("--config=")) {
        file = arg.substring("--config=".length());
      } else {
        throw new ShopConfigException("unknown argument '" + arg + "'; " + USAGE_LINE);
      }
    }
    if (file == null) {
      file = env.getOrDefault("SHOP_CONFIG", ShopConfig.DEFAULT_FILE);
    }
    if (file.isBlank()) {
      throw new ShopConfigException("the config file name is empty; " + USAGE_LINE);
    }
    return Path.of(file);
  }

  /** The port from {@code $PORT}: 1 to 65535, or 0 for any free port (printed on start). */
  static int port(Map<String, String> env) {
    String text = env.get("PORT");
    if (text == null || text.isBlank()) {
      throw new ShopConfigException(
          "PORT is not set: set it to the TCP port to listen on (1 to 65535, or 0 for any)");
    }
    try {
      int port = Integer.parseInt(text.strip());
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ShopConfigException(
        "PORT must be a TCP port number from 1 to 65535 (or 0 for any), got '" + text + "'");
  }
}
