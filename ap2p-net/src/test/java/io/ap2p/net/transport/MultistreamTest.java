package io.ap2p.net.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MultistreamTest {

  /** Runs a listener on a loopback socket and a dialer against it; returns both results. */
  static Object[] negotiate(List<String> proposals, Set<String> supported) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Object> listener =
          CompletableFuture.supplyAsync(
              () -> {
                try (Socket s = server.accept()) {
                  s.setSoTimeout(5000);
                  return Multistream.accept(
                      s.getInputStream(), s.getOutputStream(), supported::contains, List.of());
                } catch (IOException e) {
                  return e;
                }
              });
      Object dialer;
      try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
        c.setSoTimeout(5000);
        try {
          dialer = Multistream.select(c.getInputStream(), c.getOutputStream(), proposals);
        } catch (IOException e) {
          dialer = e;
        }
      }
      return new Object[] {dialer, listener.get(5, TimeUnit.SECONDS)};
    }
  }

  @Test
  void bothSidesAgreeOnTheFirstSupportedProposal() throws Exception {
    Object[] r = negotiate(List.of("/noise"), Set.of("/noise"));
    assertThat(r).containsExactly("/noise", "/noise");
    r = negotiate(List.of("/tls/1.0.0", "/noise"), Set.of("/noise"));
    assertThat(r).containsExactly("/noise", "/noise");
  }

  @Test
  void noCommonProtocolFailsOnTheDialerWithTheList() throws Exception {
    Object[] r = negotiate(List.of("/a", "/b"), Set.of("/c"));
    assertThat(r[0]).isInstanceOf(NegotiationException.class);
    assertThat(((Exception) r[0]).getMessage()).contains("none of [/a, /b]");
    assertThat(r[1]).isInstanceOf(IOException.class); // the dialer hung up
  }

  @Test
  void theWireFormatIsTheSpecs() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Multistream.writeMessage(out, "/multistream/1.0.0");
    assertThat(out.toByteArray()[0]).isEqualTo((byte) 19);
    assertThat(new String(out.toByteArray(), 1, 19, "UTF-8")).isEqualTo("/multistream/1.0.0\n");
  }

  @Test
  void aListenerAnswersLsAndProposalsFedOneByteAtATime() throws Exception {
    ByteArrayOutputStream dialer = new ByteArrayOutputStream();
    Multistream.writeMessage(dialer, Multistream.PROTOCOL);
    Multistream.writeMessage(dialer, "ls");
    Multistream.writeMessage(dialer, "/nope");
    Multistream.writeMessage(dialer, "/ipfs/ping/1.0.0");
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    String agreed =
        Multistream.accept(
            oneByteAtATime(new ByteArrayInputStream(dialer.toByteArray())),
            reply,
            Set.of("/ipfs/ping/1.0.0")::contains,
            List.of("/ipfs/ping/1.0.0"));
    assertThat(agreed).isEqualTo("/ipfs/ping/1.0.0");
    InputStream in = new ByteArrayInputStream(reply.toByteArray());
    assertThat(Multistream.readMessage(in)).isEqualTo(Multistream.PROTOCOL);
    byte[] ls = LengthPrefixed.read(in, 1024);
    assertThat(Multistream.readMessage(new ByteArrayInputStream(ls))).isEqualTo("/ipfs/ping/1.0.0");
    assertThat(Multistream.readMessage(in)).isEqualTo("na");
    assertThat(Multistream.readMessage(in)).isEqualTo("/ipfs/ping/1.0.0");
  }

  @Test
  void hostileInputIsRefusedWithAReason() throws IOException {
    // a wrong header fails on its first byte: no waiting for a length that never comes
    assertThatThrownBy(() -> accept("GET / HTTP/1.1\r\n\r\n".getBytes()))
        .isInstanceOf(NegotiationException.class)
        .hasMessageContaining("length 71");
    byte[] sameLength = "\u0013/multistream/2.0.0\n".getBytes();
    assertThatThrownBy(() -> accept(sameLength)).hasMessageContaining("said '/multistream/2.0.0'");
    assertThatThrownBy(() -> accept(new byte[] {(byte) 0x80, 0x00}))
        .hasMessageContaining("minimally");
    assertThatThrownBy(() -> accept(new byte[] {19, '/', 'm'}))
        .isInstanceOf(NegotiationException.class);
    // after a valid header
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    Multistream.writeMessage(header, Multistream.PROTOCOL);
    assertThatThrownBy(() -> accept(concat(header, new byte[] {(byte) 0xff, (byte) 0xff, 0x03})))
        .hasMessageContaining("over the limit");
    assertThatThrownBy(() -> accept(concat(header, new byte[] {5, '/', 'a'})))
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> accept(concat(header, new byte[] {2, 'a', 'b'})))
        .hasMessageContaining("newline");
    ByteArrayOutputStream tooMany = new ByteArrayOutputStream();
    try {
      Multistream.writeMessage(tooMany, Multistream.PROTOCOL);
      for (int i = 0; i < 40; i++) {
        Multistream.writeMessage(tooMany, "/x/" + i);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertThatThrownBy(() -> accept(tooMany.toByteArray()))
        .hasMessageContaining("no agreement after 32");
  }

  private static byte[] concat(ByteArrayOutputStream a, byte[] b) {
    byte[] r = java.util.Arrays.copyOf(a.toByteArray(), a.size() + b.length);
    System.arraycopy(b, 0, r, a.size(), b.length);
    return r;
  }

  private static String accept(byte[] input) throws IOException {
    return Multistream.accept(
        new ByteArrayInputStream(input), new ByteArrayOutputStream(), p -> false, List.of());
  }

  static InputStream oneByteAtATime(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(1, len));
      }
    };
  }
}
