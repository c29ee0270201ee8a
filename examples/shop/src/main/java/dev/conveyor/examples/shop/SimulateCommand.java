package dev.conveyor.examples.shop;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code java -jar shop.jar simulate --target URL [--data FILE]}: places the standard data set of
 * orders (or the one in FILE) against the shop at URL. Exits 0 when every order settled, 1 when one
 * did not, 2 for a bad command line or data file; the last line of stdout is the summary.
 */
final class SimulateCommand {
  static final int SETTLED = 0;
  static final int UNSETTLED = 1;

  static final String USAGE_LINE =
      "usage: java -jar shop.jar simulate --target http://127.0.0.1:PORT [--data FILE]";

  /** The command line, checked. */
  record Arguments(URI target, Path data) {}

  private SimulateCommand() {}

  /** Runs the simulation; returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    List<Simulation.Order> orders;
    URI target;
    try {
      Arguments arguments = parse(args);
      target = arguments.target();
      orders = arguments.data() == null ? Simulation.standardOrders() : read(arguments.data());
    } catch (ShopConfigException e) {
      err.println("shop simulate: " + e.getMessage());
      return Main.USAGE;
    }
    Simulation.Outcome outcome;
    try (HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build()) {
      outcome = Simulation.run(target, orders, client, out);
    }
    out.println(outcome.summary());
    return outcome.settled() ? SETTLED : UNSETTLED;
  }

  /** The arguments after {@code simulate}. */
  static Arguments parse(String[] args) {
    String target = null;
    String data = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--target", "--data" -> {
          if (i + 1 >= args.length) {
            throw new ShopConfigException(arg + " needs a value; " + USAGE_LINE);
          }
          if (arg.equals("--target")) {
            target = args[++i];
          } else {
            data = args[++i];
          }
        }
        default -> throw new ShopConfigException("unknown argument '" + arg + "'; " + USAGE_LINE);
      }
    }
    if (target == null) {
      throw new ShopConfigException(
          "--target is required: the base URL of the shop to place orders with; " + USAGE_LINE);
    }
    return new Arguments(target(target), data == null ? null : Path.of(data));
  }

  private static URI target(String text) {
    try {
      URI uri = new URI(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new ShopConfigException(
        "--target must be an http:// URL with a host, such as http://127.0.0.1:8080, got '"
            + text
            + "'");
  }

  private static List<Simulation.Order> read(Path file) {
    try {
      return Simulation.readOrders(Files.readString(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new ShopConfigException(
          "the data file " + file + " does not exist; leave out --data for the standard orders");
    } catch (IOException e) {
      throw new ShopConfigException("cannot read the data file " + file + ": " + e.getMessage());
    }
  }
}
