package dev.detour.examples.relay;

import dev.detour.core.NamedThreadFactory;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 server on Netty. Requests are decoded on the event loop and handed to a bounded
 * pool of worker threads, because the handlers block on JDBC; a full queue answers 503 at once.
 * Thread-safe.
 */
final class HttpServer implements AutoCloseable {

  /** What a route returns. */
  record Response(int status, String contentType, String body) {
    static Response json(int status, String body) {
      return new Response(status, "application/json; charset=utf-8", body);
    }
  }

  /** A parsed request as the routes see it. */
  record Request(
      String method, String path, Map<String, List<String>> query, Map<String, String> headers) {
    String param(String name) {
      List<String> v = query.get(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  /** Handles one request; may block. */
  @FunctionalInterface
  interface Routes {
    Response handle(Request request) throws Exception;
  }

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ExecutorService handlers;
  private final Channel channel;

  private HttpServer(
      EventLoopGroup boss, EventLoopGroup workers, ExecutorService handlers, Channel channel) {
    this.boss = boss;
    this.workers = workers;
    this.handlers = handlers;
    this.channel = channel;
  }

  /**
   * Binds {@code address} and serves {@code routes}.
   *
   * @param threads worker threads that run the routes
   */
  static HttpServer start(InetSocketAddress address, Routes routes, int threads)
      throws InterruptedException {
    EventLoopGroup boss =
        new MultiThreadIoEventLoopGroup(
            1, new NamedThreadFactory("relay-http-accept"), NioIoHandler.newFactory());
    EventLoopGroup io =
        new MultiThreadIoEventLoopGroup(
            2, new NamedThreadFactory("relay-http-io"), NioIoHandler.newFactory());
    ExecutorService handlers =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(1_000),
            new NamedThreadFactory("relay-http-handler"));
    try {
      Channel ch =
          new ServerBootstrap()
              .group(boss, io)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                      c.pipeline()
                          .addLast(new HttpServerCodec())
                          .addLast(new HttpObjectAggregator(64 * 1024))
                          .addLast(new Dispatch(routes, handlers));
                    }
                  })
              .bind(address)
              .sync()
              .channel();
      return new HttpServer(boss, io, handlers, ch);
    } catch (InterruptedException | RuntimeException e) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      handlers.shutdownNow();
      throw e;
    }
  }

  /** Returns the bound address (the real port when 0 was asked). */
  InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    handlers.shutdownNow();
  }

  private static final class Dispatch extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Routes routes;
    private final ExecutorService handlers;

    Dispatch(Routes routes, ExecutorService handlers) {
      this.routes = routes;
      this.handlers = handlers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
      QueryStringDecoder uri = new QueryStringDecoder(msg.uri());
      Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      msg.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
      Request request = new Request(msg.method().name(), uri.path(), uri.parameters(), headers);
      boolean keepAlive = HttpUtil.isKeepAlive(msg);
      try {
        handlers.execute(
            () -> {
              Response r;
              try {
                r = routes.handle(request);
              } catch (Exception e) {
                r = Response.json(500, Json.error(e.toString()));
              }
              write(ctx, r, keepAlive);
            });
      } catch (RejectedExecutionException e) {
        write(ctx, Response.json(503, Json.error("overloaded: request queue full")), false);
      }
    }

    private static void write(ChannelHandlerContext ctx, Response r, boolean keepAlive) {
      FullHttpResponse res =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(r.status()),
              Unpooled.copiedBuffer(r.body(), StandardCharsets.UTF_8));
      res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
      HttpUtil.setContentLength(res, res.content().readableBytes());
      if (keepAlive) {
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ctx.writeAndFlush(res);
      } else {
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
