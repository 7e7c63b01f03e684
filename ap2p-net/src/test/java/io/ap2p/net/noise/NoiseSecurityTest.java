package io.ap2p.net.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.net.transport.ProtocolViolationException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NoiseSecurityTest {

  static final SecureRandom RANDOM = new SecureRandom();
  final PrivateKey alice = PrivateKey.generate(RANDOM);
  final PrivateKey bob = PrivateKey.generate(RANDOM);

  ServerSocket server;
  Socket client;
  Socket accepted;

  @BeforeEach
  void connect() throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
    accepted = server.accept();
    client.setSoTimeout(5000);
    accepted.setSoTimeout(5000);
  }

  @AfterEach
  void close() throws IOException {
    client.close();
    accepted.close();
    server.close();
  }

  static InputStream in(Socket s) throws IOException {
    return new BufferedInputStream(s.getInputStream());
  }

  static OutputStream out(Socket s) throws IOException {
    return new BufferedOutputStream(s.getOutputStream());
  }

  CompletableFuture<Object> respondAsync(PrivateKey key) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new NoiseSecurity(key, RANDOM, List.of()).respond(in(accepted), out(accepted));
          } catch (IOException e) {
            return e;
          }
        });
  }

  @Test
  void bothSidesLearnTheOthersPeerIdAndExchangeData() throws Exception {
    CompletableFuture<Object> resp = respondAsync(bob);
    NoiseChannel a =
        new NoiseSecurity(alice, RANDOM, List.of("/yamux/1.0.0"))
            .initiate(in(client), out(client), Optional.of(bob.publicKey().peerId()));
    NoiseChannel b = (NoiseChannel) resp.get(5, TimeUnit.SECONDS);
    assertThat(a.remotePeer()).isEqualTo(bob.publicKey().peerId());
    assertThat(b.remotePeer()).isEqualTo(alice.publicKey().peerId());
    assertThat(b.remoteMuxers()).containsExactly("/yamux/1.0.0");

    // 1 MiB one way (16+ Noise frames), read back in odd-sized chunks; then a reply
    byte[] data = new byte[1 << 20];
    RANDOM.nextBytes(data);
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try {
                a.write(data, 0, data.length);
                a.flush();
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            });
    byte[] got = new byte[data.length];
    int at = 0;
    while (at < got.length) {
      int n = b.read(got, at, Math.min(7919, got.length - at));
      assertThat(n).isPositive();
      at += n;
    }
    writer.get(5, TimeUnit.SECONDS);
    assertThat(got).isEqualTo(data);
    b.write("pong".getBytes(), 0, 4);
    b.flush();
    byte[] pong = new byte[4];
    assertThat(a.read(pong, 0, 4)).isEqualTo(4);
    assertThat(new String(pong)).isEqualTo("pong");
    b.close();
    assertThat(a.read(pong, 0, 4)).isEqualTo(-1);
  }

  @Test
  void dialingTheWrongPeerIdFailsWithBothIds() throws Exception {
    respondAsync(bob);
    PeerId someoneElse = PrivateKey.generate(RANDOM).publicKey().peerId();
    assertThatThrownBy(
            () ->
                new NoiseSecurity(alice, RANDOM, List.of())
                    .initiate(in(client), out(client), Optional.of(someoneElse)))
        .isInstanceOf(PeerIdMismatchException.class)
        .hasMessageContaining(someoneElse.toString())
        .hasMessageContaining(bob.publicKey().peerId().toString());
  }

  @Test
  void aSignatureOverAnotherStaticKeyIsRefused() throws Exception {
    CompletableFuture<Object> resp = respondAsync(bob);
    // a forger: runs Noise correctly but signs a static key it does not hold
    byte[] staticKey = NoiseXX.generatePrivate(RANDOM);
    NoiseXX hs = new NoiseXX(true, staticKey, NoiseXX.generatePrivate(RANDOM));
    OutputStream o = out(client);
    InputStream i = in(client);
    NoiseSecurity.writeFrame(o, hs.writeMessage(new byte[0]));
    o.flush();
    hs.readMessage(NoiseSecurity.readFrame(i));
    byte[] otherStatic = NoiseXX.publicKey(NoiseXX.generatePrivate(RANDOM));
    byte[] signed = new byte[NoiseSecurity.SIG_PREFIX.length + 32];
    System.arraycopy(NoiseSecurity.SIG_PREFIX, 0, signed, 0, NoiseSecurity.SIG_PREFIX.length);
    System.arraycopy(otherStatic, 0, signed, NoiseSecurity.SIG_PREFIX.length, 32);
    HandshakePayload forged =
        new HandshakePayload(alice.publicKey().protobuf(), alice.signRaw(signed), List.of());
    NoiseSecurity.writeFrame(o, hs.writeMessage(forged.encode()));
    o.flush();
    Object result = resp.get(5, TimeUnit.SECONDS);
    assertThat(result).isInstanceOf(NoiseException.class);
    assertThat(((Exception) result).getMessage()).contains("forged");
  }

  @Test
  void garbageTruncationAndSilenceEndTheHandshake() throws Exception {
    // garbage: a frame of random bytes where the first message belongs, then the close
    CompletableFuture<Object> resp = respondAsync(bob);
    OutputStream o = client.getOutputStream();
    o.write(new byte[] {0, 3, 1, 2, 3});
    o.flush();
    assertThat(resp.get(5, TimeUnit.SECONDS)).isInstanceOf(NoiseException.class);
  }

  @Test
  void aTruncatedFrameIsAnEof() throws Exception {
    CompletableFuture<Object> resp = respondAsync(bob);
    OutputStream o = client.getOutputStream();
    o.write(new byte[] {0, 32, 1, 2, 3});
    o.flush();
    client.shutdownOutput();
    assertThat(resp.get(5, TimeUnit.SECONDS)).isInstanceOf(EOFException.class);
  }

  @Test
  void aStalledHandshakeTimesOut() throws Exception {
    accepted.setSoTimeout(200);
    CompletableFuture<Object> resp = respondAsync(bob);
    assertThat(resp.get(5, TimeUnit.SECONDS)).isInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void aTamperedTransportFrameIsAViolation() throws Exception {
    CompletableFuture<Object> resp = respondAsync(bob);
    // run a real handshake, then send a forged frame under the raw socket
    NoiseChannel a =
        new NoiseSecurity(alice, RANDOM, List.of())
            .initiate(in(client), out(client), Optional.empty());
    NoiseChannel b = (NoiseChannel) resp.get(5, TimeUnit.SECONDS);
    byte[] junk = new byte[40];
    Arrays.fill(junk, (byte) 7);
    OutputStream raw = client.getOutputStream();
    raw.write(new byte[] {0, 40});
    raw.write(junk);
    raw.flush();
    assertThatThrownBy(() -> b.read(new byte[10], 0, 10))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("authentication");
    a.close();
  }
}
