package dev.conveyor.server.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.ConflictException;
import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.fleet.FleetKey;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Opening and closing fleets' ports, and the settings a router starts with. */
class RouterLifecycleTests {
  private static final FleetKey CART = FleetKey.of("cart", "staging");

  @Test
  void open_alreadyOpenFleet_returnsItsPort() {
    try (HttpRouter router = new HttpRouter(RouterHarness.settings())) {
      int port = router.open(CART, 0);

      assertThat(router.open(CART, 0)).isEqualTo(port);
      assertThat(port).isPositive();
      assertThat(router.transport()).isIn("epoll", "nio");
    }
  }

  @Test
  void open_portInUse_failsNamingTheFleetAndTheFix() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        HttpRouter router = new HttpRouter(RouterHarness.settings())) {
      assertThatThrownBy(() -> router.open(CART, taken.getLocalPort()))
          .isInstanceOf(ConflictException.class)
          .hasMessageStartingWith(
              "router for cart/staging could not listen on 127.0.0.1:"
                  + taken.getLocalPort()
                  + ": ")
          .hasMessageEndingWith("; choose another port, or 0 for a free one");
    }
  }

  @Test
  void closeFleet_stopsListening_andTheFleetCanOpenAgain() throws Exception {
    try (HttpRouter router = new HttpRouter(RouterHarness.settings())) {
      int port = router.open(CART, 0);

      router.closeFleet(CART);

      assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
          .isInstanceOf(ConnectException.class);
      assertThat(router.open(CART, 0)).isPositive();
    }
  }

  @Test
  void open_afterClose_failsSayingSo() {
    HttpRouter router = new HttpRouter(RouterHarness.settings());
    router.close();

    assertThatThrownBy(() -> router.open(CART, 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("router is closed: make a new HttpRouter to open cart/staging");
  }

  @Test
  void clientConnection_idleForTheClientIdleTimeout_isClosedByTheRouter() throws Exception {
    try (TestUpstream a = TestUpstream.answering("a");
        RouterHarness harness =
            new RouterHarness(
                RouterHarness.settings().withClientIdleTimeout(Duration.ofMillis(300)))) {
      harness.route(RouterHarness.active("checkout-a", a.endpoint(), 1));
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), harness.port)) {
        socket.setSoTimeout(5_000);
        socket
            .getOutputStream()
            .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        assertThat(RawUpstream.readHead(in)).startsWith("HTTP/1.1 200 OK\r\n");
        long answered = System.nanoTime();

        byte[] rest = in.readAllBytes(); // to the end of the stream: the router closes it

        long idleMillis = (System.nanoTime() - answered) / 1_000_000;
        assertThat(new String(rest, StandardCharsets.US_ASCII)).isEqualTo("a");
        assertThat(idleMillis).isBetween(250L, 4_000L);
      }
    }
  }

  @Test
  void clientConnection_withAnAnswerLongerThanTheClientIdleTimeout_staysOpenForIt()
      throws Exception {
    try (RawUpstream trickle = new RawUpstream(RawUpstream.Behaviour.TRICKLE);
        RouterHarness harness =
            new RouterHarness(
                RouterHarness.settings().withClientIdleTimeout(Duration.ofMillis(300)))) {
      harness.route(RouterHarness.active("checkout-a", trickle.endpoint(), 1));

      HttpResponse<String> answer = harness.get("/slow"); // 1 s, a byte every 100 ms

      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("0123456789");
    }
  }

  @Test
  void settings_nonPositiveTimeout_failsNamingTheSetting() {
    assertThatThrownBy(() -> RouterSettings.defaults().withResponseTimeout(Duration.ZERO))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("router setting responseTimeout must be positive, got PT0S");
  }

  @Test
  void settings_shadowCapOverTheBodyLimit_failsNamingBoth() {
    assertThatThrownBy(
            () ->
                RouterSettings.defaults()
                    .withShadow(20 << 20, Duration.ofSeconds(1), Set.of(), Set.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "router setting shadowBodyCap must be 0 to maxRequestBody (10485760), got 20971520");
  }
}
