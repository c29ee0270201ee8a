package dev.conveyor.server.router;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The client side's HTTP/1.1 codec: Netty's request decoder and response encoder, with two
 * differences from {@code HttpServerCodec}. A request carrying both {@code Transfer-Encoding} and
 * {@code Content-Length} keeps both headers (Netty would quietly drop Content-Length), so that the
 * router can refuse it as a request-smuggling attempt (RFC 9112 §6.3); and, as in HttpServerCodec,
 * the encoder knows which answers belong to HEAD requests and so carry no body.
 */
final class ServerCodec
    extends CombinedChannelDuplexHandler<HttpRequestDecoder, HttpResponseEncoder> {
  private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>();

  ServerCodec(HttpDecoderConfig config) {
    init(new StrictDecoder(config), new HeadAwareEncoder());
  }

  private final class StrictDecoder extends HttpRequestDecoder {
    StrictDecoder(HttpDecoderConfig config) {
      super(config);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
      // Keep both headers: the router answers 400 and closes (see ClientConnection).
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out)
        throws Exception {
      int before = out.size();
      super.decode(ctx, buffer, out);
      for (int i = before; i < out.size(); i++) {
        if (out.get(i) instanceof HttpRequest request) {
          methods.add(request.method());
        }
      }
    }
  }

  private final class HeadAwareEncoder extends HttpResponseEncoder {
    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse response) {
      HttpMethod method =
          response.status().codeClass() == HttpStatusClass.INFORMATIONAL ? null : methods.poll();
      return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(response);
    }
  }
}
