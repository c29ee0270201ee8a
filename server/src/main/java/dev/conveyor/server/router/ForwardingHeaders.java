package dev.conveyor.server.router;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.Locale;

/**
 * Header rules for a proxy: which headers belong to one connection only and never travel on (RFC
 * 9110 §7.6.1), and how the router says who asked ({@code X-Forwarded-For}, {@code
 * X-Forwarded-Proto}, {@code Forwarded} per RFC 7239).
 */
final class ForwardingHeaders {
  static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
  static final AsciiString FORWARDED = AsciiString.cached("forwarded");
  private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
  private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
  private static final AsciiString HTTP = AsciiString.cached("http");

  private ForwardingHeaders() {}

  /**
   * Removes the hop-by-hop headers: Connection and every header it names, Keep-Alive, TE, Trailer,
   * Transfer-Encoding, Upgrade, and the Proxy-Connection/-Authenticate/-Authorization headers. The
   * message's framing is the caller's to set again.
   */
  static void stripHopByHop(HttpHeaders headers) {
    List<String> connection =
        headers.contains(HttpHeaderNames.CONNECTION)
            ? headers.getAll(HttpHeaderNames.CONNECTION)
            : List.of();
    for (String value : connection) {
      for (String token : value.split(",")) {
        String name = token.strip().toLowerCase(Locale.ROOT);
        // A sender may not use Connection to drop the headers that frame or address the message.
        if (!name.isEmpty() && !name.equals("host") && !name.equals("content-length")) {
          headers.remove(name);
        }
      }
    }
    headers.remove(HttpHeaderNames.CONNECTION);
    headers.remove(KEEP_ALIVE);
    headers.remove(HttpHeaderNames.TE);
    headers.remove(HttpHeaderNames.TRAILER);
    headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
    headers.remove(HttpHeaderNames.UPGRADE);
    headers.remove(PROXY_CONNECTION);
    headers.remove(HttpHeaderNames.PROXY_AUTHENTICATE);
    headers.remove(HttpHeaderNames.PROXY_AUTHORIZATION);
  }

  /**
   * Adds the client to the forwarding headers: appends its address to X-Forwarded-For and a {@code
   * for=…;proto=http;host=…} element to Forwarded, and sets X-Forwarded-Proto when no proxy before
   * this one did.
   */
  static void addForwarded(HttpHeaders headers, Client client) {
    String forwardedFor = headers.get(X_FORWARDED_FOR);
    headers.set(
        X_FORWARDED_FOR,
        forwardedFor == null ? client.address : forwardedFor + ", " + client.address);
    if (!headers.contains(X_FORWARDED_PROTO)) {
      headers.set(X_FORWARDED_PROTO, HTTP);
    }
    String element = client.forwardedElement(headers.get(HttpHeaderNames.HOST));
    String forwarded = headers.get(FORWARDED);
    headers.set(FORWARDED, forwarded == null ? element : forwarded + ", " + element);
  }

  /**
   * The client end of one connection, with its Forwarded element cached: a connection's requests
   * almost always carry the same Host, so the element is built once, not per request.
   */
  static final class Client {
    final String address;
    private final String forNode;
    private String lastHost;
    private String lastElement;

    Client(String address) {
      this.address = address;
      // RFC 7239 §6: an IPv6 node is bracketed and, since it contains ':', quoted.
      this.forNode = address.indexOf(':') >= 0 ? "\"[" + address + "]\"" : address;
    }

    String forwardedElement(String host) {
      if (host == null) {
        return "for=" + forNode + ";proto=http";
      }
      if (!host.equals(lastHost)) {
        lastHost = host;
        lastElement = "for=" + forNode + ";proto=http;host=" + quoted(host);
      }
      return lastElement;
    }

    private static String quoted(String value) {
      StringBuilder out = new StringBuilder(value.length() + 2).append('"');
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == '"' || c == '\\') {
          out.append('\\');
        }
        out.append(c);
      }
      return out.append('"').toString();
    }
  }
}
