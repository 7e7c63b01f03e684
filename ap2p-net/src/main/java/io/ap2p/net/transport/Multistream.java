package io.ap2p.net.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/**
 * multistream-select 1.0 (multiformats/multistream-select, as used by libp2p's connection upgrade
 * and every stream): each message is a varint length, then the protocol id and a newline. Both
 * sides send the header {@code /multistream/1.0.0}; the dialer proposes protocols one by one; the
 * listener echoes one it supports or answers {@code na}. {@code ls} is answered with the supported
 * list when the listener can enumerate it, else with {@code na}.
 *
 * <p>The dialer pipelines its header with the first proposal (one round trip in the common case).
 * Limits: messages of at most {@value #MAX_MESSAGE} bytes, at most {@value #MAX_ROUNDS} proposals
 * per negotiation.
 */
public final class Multistream {

  /** The protocol id of multistream-select itself. */
  public static final String PROTOCOL = "/multistream/1.0.0";

  /** Longest message accepted (protocol ids are short). */
  public static final int MAX_MESSAGE = 1024;

  /** Most proposals a listener hears before it gives up. */
  public static final int MAX_ROUNDS = 32;

  private static final String NA = "na";

  private Multistream() {}

  /**
   * As the dialer, agrees on the first of {@code protocols} the listener supports.
   *
   * @return the agreed protocol
   * @throws NegotiationException if the listener supports none, or breaks the protocol
   */
  public static String select(InputStream in, OutputStream out, List<String> protocols)
      throws IOException {
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("nothing to propose");
    }
    writeMessage(out, PROTOCOL);
    writeMessage(out, protocols.get(0));
    out.flush();
    readHeader(in);
    for (int i = 0; i < protocols.size(); i++) {
      if (i > 0) {
        writeMessage(out, protocols.get(i));
        out.flush();
      }
      String answer = readMessage(in);
      if (answer.equals(protocols.get(i))) {
        return answer;
      }
      if (!answer.equals(NA)) {
        throw new NegotiationException(
            "peer answered '" + clip(answer) + "' to '" + protocols.get(i) + "'");
      }
    }
    throw new NegotiationException("peer supports none of " + protocols);
  }

  /**
   * As the listener, agrees on a protocol the dialer proposes and {@code supported} accepts.
   *
   * @param listing the supported protocols for {@code ls}, or empty to answer {@code na}
   * @return the agreed protocol
   * @throws NegotiationException after {@value #MAX_ROUNDS} unsupported proposals or on a protocol
   *     error
   */
  public static String accept(
      InputStream in, OutputStream out, Predicate<String> supported, List<String> listing)
      throws IOException {
    writeMessage(out, PROTOCOL);
    out.flush();
    readHeader(in);
    for (int round = 0; round < MAX_ROUNDS; round++) {
      String proposal = readMessage(in);
      if (proposal.equals("ls")) {
        if (listing.isEmpty()) {
          writeMessage(out, NA);
        } else {
          // ls answer: one length-prefixed message holding the length-prefixed ids
          java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
          for (String p : listing) {
            writeMessage(body, p);
          }
          body.write('\n');
          LengthPrefixed.write(out, body.toByteArray());
        }
      } else if (supported.test(proposal)) {
        writeMessage(out, proposal);
        out.flush();
        return proposal;
      } else {
        writeMessage(out, NA);
      }
      out.flush();
    }
    throw new NegotiationException("no agreement after " + MAX_ROUNDS + " proposals");
  }

  /** Writes one message: the varint length of id + newline, the id, a newline. */
  static void writeMessage(OutputStream out, String id) throws IOException {
    byte[] b = (id + "\n").getBytes(StandardCharsets.UTF_8);
    if (b.length > MAX_MESSAGE) {
      throw new IllegalArgumentException("protocol id too long: " + clip(id));
    }
    LengthPrefixed.write(out, b);
  }

  /**
   * Reads the peer's header. Its length is fixed, so anything else (an HTTP request, TLS, noise)
   * fails on the first byte instead of waiting for a length that will never arrive.
   */
  static void readHeader(InputStream in) throws IOException {
    long len = LengthPrefixed.readVarint(in);
    if (len != PROTOCOL.length() + 1) {
      throw new NegotiationException(
          "peer does not speak " + PROTOCOL + " (its first message has length " + len + ")");
    }
    byte[] b = in.readNBytes((int) len);
    String header = new String(b, StandardCharsets.UTF_8);
    if (!header.equals(PROTOCOL + "\n")) {
      throw new NegotiationException(
          "peer does not speak " + PROTOCOL + " (said '" + clip(header.strip()) + "')");
    }
  }

  /** Reads one message and strips its newline. */
  static String readMessage(InputStream in) throws IOException {
    byte[] b = LengthPrefixed.read(in, MAX_MESSAGE);
    if (b.length == 0 || b[b.length - 1] != '\n') {
      throw new NegotiationException("multistream message without its trailing newline");
    }
    return new String(b, 0, b.length - 1, StandardCharsets.UTF_8);
  }

  private static String clip(String s) {
    String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() <= 64 ? printable : printable.substring(0, 64) + "…";
  }
}
