package io.ap2p.net.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.net.transport.StreamChannel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class YamuxSessionTest {

  static final YamuxConfig CONFIG =
      YamuxConfig.DEFAULTS.withKeepAlive(Duration.ZERO, Duration.ofSeconds(1));

  ServerSocket server;
  Socket client;
  Socket accepted;
  final List<YamuxSession> sessions = new ArrayList<>();

  @BeforeEach
  void connect() throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
    accepted = server.accept();
    client.setTcpNoDelay(true);
    accepted.setTcpNoDelay(true);
  }

  @AfterEach
  void close() throws IOException {
    sessions.forEach(YamuxSession::close);
    client.close();
    accepted.close();
    server.close();
  }

  YamuxSession session(Socket s, boolean isClient, YamuxConfig config, Consumer<YamuxStream> h)
      throws IOException {
    YamuxSession y =
        new YamuxSession(
            new StreamChannel(
                new BufferedInputStream(s.getInputStream()),
                new BufferedOutputStream(s.getOutputStream()),
                s),
            isClient,
            config,
            h);
    sessions.add(y);
    return y;
  }

  static void echo(YamuxStream s) {
    try {
      s.inputStream().transferTo(s.outputStream());
      s.closeWrite();
    } catch (IOException e) {
      s.reset();
    }
  }

  @Test
  void aHundredConcurrentStreamsEchoOverOneConnection() throws Exception {
    session(accepted, false, CONFIG, YamuxSessionTest::echo);
    YamuxSession c = session(client, true, CONFIG, s -> s.reset());
    List<CompletableFuture<byte[]>> results = new ArrayList<>();
    List<byte[]> sent = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      byte[] data = new byte[1000 + 997 * i];
      new Random(i).nextBytes(data);
      sent.add(data);
      YamuxStream s = c.openStream();
      assertThat(s.id() % 2).isEqualTo(1);
      results.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  CompletableFuture<Void> w =
                      CompletableFuture.runAsync(
                          () -> {
                            try {
                              s.outputStream().write(data);
                              s.closeWrite();
                            } catch (IOException e) {
                              throw new RuntimeException(e);
                            }
                          });
                  byte[] back = s.inputStream().readAllBytes();
                  w.join();
                  return back;
                } catch (IOException e) {
                  throw new RuntimeException(e);
                }
              }));
    }
    for (int i = 0; i < 100; i++) {
      assertThat(results.get(i).get(20, TimeUnit.SECONDS)).isEqualTo(sent.get(i));
    }
    // both halves closed on both sides: the streams are forgotten
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (c.openStreams() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(c.openStreams()).isZero();
  }

  @Test
  void aWriterBlocksAtTheWindowAndResumesWhenTheReaderReads() throws Exception {
    BlockingQueue<YamuxStream> inbound = new LinkedBlockingQueue<>();
    session(accepted, false, CONFIG, inbound::add);
    YamuxSession c = session(client, true, CONFIG, s -> s.reset());
    YamuxStream s = c.openStream();
    AtomicLong written = new AtomicLong();
    byte[] chunk = new byte[8192];
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try {
                for (int i = 0; i < 128; i++) { // 1 MiB
                  s.outputStream().write(chunk);
                  written.addAndGet(chunk.length);
                }
                s.closeWrite();
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            });
    YamuxStream remote = inbound.poll(5, TimeUnit.SECONDS);
    Thread.sleep(300);
    assertThat(writer).isNotDone();
    assertThat(written.get()).isLessThanOrEqualTo(YamuxConfig.INITIAL_WINDOW);
    assertThat(remote.inputStream().readAllBytes()).hasSize(1 << 20);
    writer.get(5, TimeUnit.SECONDS);
  }

  @Test
  void theReceiveRingGrowsAndWrapsWithoutLosingAByte() throws Exception {
    // odd-sized writes and reads make the ring wrap while it grows from 4 KiB to the window
    BlockingQueue<YamuxStream> inbound = new LinkedBlockingQueue<>();
    session(accepted, false, CONFIG, inbound::add);
    YamuxSession c = session(client, true, CONFIG, s -> s.reset());
    YamuxStream s = c.openStream();
    byte[] sent = new byte[3 << 20];
    new Random(7).nextBytes(sent);
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try {
                for (int at = 0, n = 1; at < sent.length; at += n, n = n * 3 % 70_001 + 1) {
                  s.outputStream().write(sent, at, Math.min(n, sent.length - at));
                }
                s.closeWrite();
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            });
    YamuxStream remote = inbound.poll(5, TimeUnit.SECONDS);
    byte[] got = new byte[sent.length];
    int at = 0;
    Random sizes = new Random(11);
    while (at < got.length) {
      if (sizes.nextInt(8) == 0) {
        Thread.sleep(1); // let data pile up so the ring fills and wraps
      }
      int n =
          remote.inputStream().read(got, at, Math.min(got.length - at, 1 + sizes.nextInt(9000)));
      assertThat(n).isPositive();
      at += n;
    }
    assertThat(remote.inputStream().read()).isEqualTo(-1);
    assertThat(got).isEqualTo(sent);
    writer.get(5, TimeUnit.SECONDS);
  }

  @Test
  void halfCloseLetsTheOtherSideAnswerAfterEof() throws Exception {
    session(
        accepted,
        false,
        CONFIG,
        s -> {
          try {
            byte[] q = s.inputStream().readAllBytes(); // until our FIN
            s.outputStream().write(("answer to " + new String(q)).getBytes());
            s.close();
          } catch (IOException e) {
            s.reset();
          }
        });
    YamuxSession c = session(client, true, CONFIG, s -> s.reset());
    YamuxStream s = c.openStream();
    s.outputStream().write("question".getBytes());
    s.closeWrite();
    assertThatThrownBy(() -> s.outputStream().write(1)).hasMessageContaining("closed for writing");
    assertThat(new String(s.inputStream().readAllBytes())).isEqualTo("answer to question");
  }

  @Test
  void aResetReachesTheOtherSide() throws Exception {
    session(accepted, false, CONFIG, YamuxStream::reset);
    YamuxSession c = session(client, true, CONFIG, s -> s.reset());
    YamuxStream s = c.openStream();
    s.setReadTimeout(Duration.ofSeconds(5));
    assertThatThrownBy(() -> s.inputStream().read()).hasMessageContaining("reset by the remote");
  }

  @Test
  void aStalledStreamReadTimesOut() throws Exception {
    session(accepted, false, CONFIG, s -> {});
    YamuxSession c = session(client, true, CONFIG, s -> s.reset());
    YamuxStream s = c.openStream();
    s.setReadTimeout(Duration.ofMillis(100));
    assertThatThrownBy(() -> s.inputStream().read()).hasMessageContaining("timed out");
  }

  // ---- a raw, hand-written peer

  static byte[] frame(int type, int flags, int id, long length) {
    byte[] b = new byte[12];
    new Frame(type, flags, id, length).encode(b, 0);
    return b;
  }

  static Frame readFrame(InputStream in) throws IOException {
    byte[] h = new byte[12];
    new DataInputStream(in).readFully(h);
    return Frame.decode(h, 0);
  }

  @Test
  void framesFedOneByteAtATimeAreUnderstood() throws Exception {
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    session(
        accepted,
        false,
        CONFIG,
        s -> {
          try {
            got.add(new String(s.inputStream().readAllBytes()));
          } catch (IOException e) {
            got.add(e.toString());
          }
        });
    OutputStream raw = client.getOutputStream();
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    all.write(frame(Frame.WINDOW_UPDATE, Frame.SYN, 1, 0));
    all.write(frame(Frame.DATA, 0, 1, 5));
    all.write("hello".getBytes());
    all.write(frame(Frame.DATA, Frame.FIN, 1, 6));
    all.write(" world".getBytes());
    for (byte b : all.toByteArray()) {
      raw.write(b);
      raw.flush();
    }
    assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("hello world");
    Frame ack = readFrame(client.getInputStream());
    assertThat(ack.type()).isEqualTo(Frame.WINDOW_UPDATE);
    assertThat(ack.has(Frame.ACK)).isTrue();
    assertThat(ack.streamId()).isEqualTo(1);
  }

  @Test
  void pingsAreAnsweredWithTheSameValue() throws Exception {
    session(accepted, false, CONFIG, s -> {});
    client.getOutputStream().write(frame(Frame.PING, Frame.SYN, 0, 0xdeadbeefL));
    Frame pong = readFrame(client.getInputStream());
    assertThat(pong.type()).isEqualTo(Frame.PING);
    assertThat(pong.has(Frame.ACK)).isTrue();
    assertThat(pong.length()).isEqualTo(0xdeadbeefL);
  }

  YamuxSession hostile(byte[] input, YamuxConfig config) throws Exception {
    YamuxSession y = session(accepted, false, config, s -> {});
    client.getOutputStream().write(input);
    client.getOutputStream().flush();
    y.awaitClosedWithin(Duration.ofSeconds(5));
    return y;
  }

  /** Reads frames until go-away and returns its code. */
  int goAwayCode() throws IOException {
    client.setSoTimeout(5000);
    while (true) {
      Frame f = readFrame(client.getInputStream());
      if (f.type() == Frame.GO_AWAY) {
        return (int) f.length();
      }
      if (f.type() == Frame.DATA) {
        client.getInputStream().readNBytes((int) f.length());
      }
    }
  }

  @Test
  void aWindowViolationEndsTheSessionWithAProtocolError() throws Exception {
    java.io.ByteArrayOutputStream in = new java.io.ByteArrayOutputStream();
    in.write(frame(Frame.WINDOW_UPDATE, Frame.SYN, 1, 0));
    for (int i = 0; i < 5; i++) { // 5 × 64 KiB > 256 KiB, never read by the handler
      in.write(frame(Frame.DATA, 0, 1, 65536));
      in.write(new byte[65536]);
    }
    YamuxSession y = session(accepted, false, CONFIG, s -> {});
    CompletableFuture<Void> w =
        CompletableFuture.runAsync(
            () -> {
              try {
                client.getOutputStream().write(in.toByteArray());
              } catch (IOException ignored) {
                // the session hangs up on us
              }
            });
    assertThat(goAwayCode()).isEqualTo(Frame.GO_AWAY_PROTOCOL_ERROR);
    y.awaitClosedWithin(Duration.ofSeconds(5));
    assertThat(y.closeReason()).contains("window");
    w.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aFloodOfStreamOpeningsEndsTheSession() throws Exception {
    YamuxConfig small = CONFIG.withMaxStreams(8);
    java.io.ByteArrayOutputStream in = new java.io.ByteArrayOutputStream();
    for (int id = 1; id < 2 * (8 + small.maxRefusedStreams() + 2); id += 2) {
      in.write(frame(Frame.WINDOW_UPDATE, Frame.SYN, id, 0));
    }
    YamuxSession y = session(accepted, false, small, s -> {});
    client.getOutputStream().write(in.toByteArray());
    assertThat(goAwayCode()).isEqualTo(Frame.GO_AWAY_PROTOCOL_ERROR);
    y.awaitClosedWithin(Duration.ofSeconds(5));
    assertThat(y.closeReason()).contains("stream flood");
  }

  @Test
  void malformedFramesEndTheSessionWithAReason() throws Exception {
    byte[][] cases = {
      {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, // version 1
      {0, 9, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0}, // type 9
      {0, 0, 0, 0x10, 0, 0, 0, 1, 0, 0, 0, 0}, // unknown flag
      frame(Frame.WINDOW_UPDATE, Frame.SYN, 2, 0), // the listener's parity
      frame(Frame.DATA, 0, 0, 0), // data on stream 0
      frame(Frame.PING, Frame.SYN, 3, 0), // ping on a stream
    };
    for (byte[] c : cases) {
      connect();
      YamuxSession y = hostile(c, CONFIG);
      assertThat(y.closeReason()).startsWith("protocol violation");
    }
  }

  @Test
  void randomBytesNeverEscapeTheReader() throws Exception {
    Random r = new Random(42);
    for (int i = 0; i < 20; i++) {
      connect();
      byte[] junk = new byte[1 + r.nextInt(200)];
      r.nextBytes(junk);
      YamuxSession y = session(accepted, false, CONFIG, s -> {});
      client.getOutputStream().write(junk);
      client.shutdownOutput();
      y.awaitClosedWithin(Duration.ofSeconds(5));
      assertThat(y.isClosed()).isTrue();
      assertThat(y.closeReason()).doesNotContain("internal error");
    }
  }

  @Test
  void anUnansweredKeepAliveClosesTheSession() throws Exception {
    YamuxSession y =
        session(
            accepted,
            false,
            CONFIG.withKeepAlive(Duration.ofMillis(50), Duration.ofMillis(100)),
            s -> {});
    y.awaitClosedWithin(Duration.ofSeconds(5));
    assertThat(y.closeReason()).contains("keep-alive");
  }

  @Test
  void afterGoAwayNoNewStreamsOpen() throws Exception {
    YamuxSession y = session(accepted, false, CONFIG, s -> {});
    client.getOutputStream().write(frame(Frame.GO_AWAY, 0, 0, Frame.GO_AWAY_NORMAL));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      try {
        y.openStream();
        Thread.sleep(10);
      } catch (IOException e) {
        assertThat(e).hasMessageContaining("going away");
        return;
      }
    }
    throw new AssertionError("openStream kept working after go-away");
  }
}
