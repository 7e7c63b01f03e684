package io.ap2p.net.multiaddr;

import io.ap2p.core.identity.KeyFormatException;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Varint;
import io.ap2p.core.wire.WireFormatException;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A multiaddr (multiformats/multiaddr): a path of protocol components such as {@code
 * /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW…}, in text and binary form. Supports ip4, ip6, dns, dns4,
 * dns6, tcp and p2p; anything else is refused with the name of the component.
 *
 * @param components the components, outermost first
 */
public record Multiaddr(List<Component> components) {

  /** Longest text or binary form accepted. */
  public static final int MAX_LENGTH = 1024;

  /** Most components accepted. */
  public static final int MAX_COMPONENTS = 16;

  /** The protocols this implementation reads and writes, with their multicodec codes. */
  public enum Protocol {
    /** IPv4 address, 4 bytes. */
    IP4(4, "ip4"),
    /** TCP port, 2 bytes big-endian. */
    TCP(6, "tcp"),
    /** IPv6 address, 16 bytes. */
    IP6(41, "ip6"),
    /** DNS name resolved to either family. */
    DNS(53, "dns"),
    /** DNS name resolved to IPv4. */
    DNS4(54, "dns4"),
    /** DNS name resolved to IPv6. */
    DNS6(55, "dns6"),
    /** A libp2p peer id (its multihash in binary, base58btc in text). */
    P2P(421, "p2p");

    final int code;
    final String text;

    Protocol(int code, String text) {
      this.code = code;
      this.text = text;
    }

    static Optional<Protocol> byName(String name) {
      for (Protocol p : values()) {
        if (p.text.equals(name) || (p == P2P && name.equals("ipfs"))) {
          return Optional.of(p);
        }
      }
      return Optional.empty();
    }

    static Optional<Protocol> byCode(long code) {
      for (Protocol p : values()) {
        if (p.code == code) {
          return Optional.of(p);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * One component: a protocol and its value in binary form.
   *
   * @param protocol the protocol
   * @param value its value bytes (address, port, name or peer id multihash)
   */
  public record Component(Protocol protocol, Bytes value) {
    /** The value as text, as it appears in the multiaddr's text form. */
    public String text() {
      byte[] v = value.toByteArray();
      return switch (protocol) {
        case IP4 -> (v[0] & 0xFF) + "." + (v[1] & 0xFF) + "." + (v[2] & 0xFF) + "." + (v[3] & 0xFF);
        case IP6 -> {
          StringBuilder full = new StringBuilder();
          for (int i = 0; i < 16; i += 2) {
            full.append(i == 0 ? "" : ":")
                .append(Integer.toHexString(((v[i] & 0xFF) << 8) | (v[i + 1] & 0xFF)));
          }
          yield compressIp6(full.toString());
        }
        case TCP -> Integer.toString(((v[0] & 0xFF) << 8) | (v[1] & 0xFF));
        case DNS, DNS4, DNS6 -> new String(v, StandardCharsets.UTF_8);
        case P2P -> new PeerId(value).toBase58();
      };
    }
  }

  /** Copies the list and checks its size. */
  public Multiaddr {
    components = List.copyOf(components);
    if (components.isEmpty() || components.size() > MAX_COMPONENTS) {
      throw new IllegalArgumentException("a multiaddr has 1.." + MAX_COMPONENTS + " components");
    }
  }

  /** Parses the text form, e.g. {@code /ip4/127.0.0.1/tcp/4001}. */
  public static Multiaddr parse(String text) throws MultiaddrException {
    if (text.length() > MAX_LENGTH) {
      throw new MultiaddrException("multiaddr longer than " + MAX_LENGTH + " characters");
    }
    if (!text.startsWith("/")) {
      throw new MultiaddrException("multiaddr must start with '/': " + text);
    }
    String[] parts = text.substring(1).split("/", -1);
    List<Component> out = new ArrayList<>();
    int i = 0;
    while (i < parts.length) {
      String name = parts[i];
      if (name.isEmpty() && i == parts.length - 1 && i > 0) {
        break; // one trailing slash is tolerated
      }
      Protocol p =
          Protocol.byName(name)
              .orElseThrow(
                  () -> new MultiaddrException("unsupported protocol '" + name + "' in " + text));
      if (i + 1 >= parts.length || parts[i + 1].isEmpty()) {
        throw new MultiaddrException("/" + name + " needs a value in " + text);
      }
      out.add(new Component(p, valueFromText(p, parts[i + 1])));
      if (out.size() > MAX_COMPONENTS) {
        throw new MultiaddrException("more than " + MAX_COMPONENTS + " components");
      }
      i += 2;
    }
    if (out.isEmpty()) {
      throw new MultiaddrException("empty multiaddr");
    }
    return new Multiaddr(out);
  }

  /** Decodes the binary form (code varint, then the value, per component). */
  public static Multiaddr fromBytes(Bytes bytes) throws MultiaddrException {
    if (bytes.length() > MAX_LENGTH) {
      throw new MultiaddrException("binary multiaddr longer than " + MAX_LENGTH + " bytes");
    }
    byte[] b = bytes.toByteArray();
    List<Component> out = new ArrayList<>();
    int i = 0;
    try {
      while (i < b.length) {
        Varint.Read code = Varint.read(b, i, b.length);
        Protocol p =
            Protocol.byCode(code.value())
                .orElseThrow(
                    () -> new MultiaddrException("unsupported protocol code " + code.value()));
        i = code.next();
        int len;
        switch (p) {
          case IP4 -> len = 4;
          case IP6 -> len = 16;
          case TCP -> len = 2;
          default -> {
            Varint.Read l = Varint.read(b, i, b.length);
            if (l.value() > MAX_LENGTH) {
              throw new MultiaddrException("/" + p.text + " value too long");
            }
            len = (int) l.value();
            i = l.next();
          }
        }
        if (i + len > b.length) {
          throw new MultiaddrException("truncated /" + p.text + " value");
        }
        byte[] v = new byte[len];
        System.arraycopy(b, i, v, 0, len);
        i += len;
        out.add(new Component(p, checkValue(p, Bytes.wrap(v))));
        if (out.size() > MAX_COMPONENTS) {
          throw new MultiaddrException("more than " + MAX_COMPONENTS + " components");
        }
      }
    } catch (WireFormatException e) {
      throw new MultiaddrException("bad varint in binary multiaddr: " + e.getMessage());
    }
    if (out.isEmpty()) {
      throw new MultiaddrException("empty multiaddr");
    }
    return new Multiaddr(out);
  }

  /** The binary form. */
  public Bytes toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Component c : components) {
      Varint.write(c.protocol().code, out);
      switch (c.protocol()) {
        case IP4, IP6, TCP -> {}
        default -> Varint.write(c.value().length(), out);
      }
      out.writeBytes(c.value().toByteArray());
    }
    return Bytes.wrap(out.toByteArray());
  }

  /** The peer id of the last {@code /p2p} component, if any. */
  public Optional<PeerId> peerId() {
    for (int i = components.size() - 1; i >= 0; i--) {
      if (components.get(i).protocol() == Protocol.P2P) {
        return Optional.of(new PeerId(components.get(i).value()));
      }
    }
    return Optional.empty();
  }

  /** This address without its {@code /p2p} component. */
  public Multiaddr withoutPeerId() {
    List<Component> out = new ArrayList<>();
    for (Component c : components) {
      if (c.protocol() != Protocol.P2P) {
        out.add(c);
      }
    }
    return out.isEmpty() ? this : new Multiaddr(out);
  }

  /** This address with {@code /p2p/<peer>} appended (replacing any there). */
  public Multiaddr withPeerId(PeerId peer) {
    List<Component> out = new ArrayList<>(withoutPeerId().components());
    out.add(new Component(Protocol.P2P, peer.multihash()));
    return new Multiaddr(out);
  }

  /**
   * The TCP endpoint this address names: {@code /ip4|ip6|dns*​/…/tcp/PORT}, unresolved for DNS
   * names (resolve when dialling).
   *
   * @throws MultiaddrException if it is not a TCP address
   */
  public InetSocketAddress tcpEndpoint() throws MultiaddrException {
    if (components.size() < 2 || components.get(1).protocol() != Protocol.TCP) {
      throw new MultiaddrException("not a TCP address: " + this);
    }
    Component host = components.get(0);
    int port = Integer.parseInt(components.get(1).text());
    return switch (host.protocol()) {
      case IP4, IP6 -> {
        try {
          yield new InetSocketAddress(InetAddress.getByAddress(host.value().toByteArray()), port);
        } catch (UnknownHostException e) {
          throw new IllegalStateException("validated on construction", e);
        }
      }
      case DNS, DNS4, DNS6 -> InetSocketAddress.createUnresolved(host.text(), port);
      default -> throw new MultiaddrException("not a TCP address: " + this);
    };
  }

  /**
   * The TCP endpoints to dial for this address: itself for an IP address; for a DNS name, its
   * addresses of the family the protocol names ({@code dns4}: IPv4, {@code dns6}: IPv6, {@code
   * dns}: both), in the resolver's order.
   *
   * @throws MultiaddrException if it is not a TCP address
   * @throws UnknownHostException if the name does not resolve to an address of that family
   */
  public List<InetSocketAddress> resolveTcp() throws MultiaddrException, UnknownHostException {
    InetSocketAddress e = tcpEndpoint();
    if (!e.isUnresolved()) {
      return List.of(e);
    }
    Protocol p = components.get(0).protocol();
    List<InetSocketAddress> out = new java.util.ArrayList<>();
    for (InetAddress a : InetAddress.getAllByName(e.getHostString())) {
      boolean v4 = a instanceof Inet4Address;
      if (p == Protocol.DNS || (p == Protocol.DNS4) == v4) {
        out.add(new InetSocketAddress(a, e.getPort()));
      }
    }
    if (out.isEmpty()) {
      throw new UnknownHostException(
          e.getHostString() + " has no " + (p == Protocol.DNS4 ? "IPv4" : "IPv6") + " address");
    }
    return out;
  }

  /** The multiaddr of a TCP endpoint (an IP address and port). */
  public static Multiaddr tcp(InetSocketAddress endpoint) {
    InetAddress a = endpoint.getAddress();
    if (a == null) {
      throw new IllegalArgumentException("unresolved endpoint " + endpoint);
    }
    Protocol p = a instanceof Inet4Address ? Protocol.IP4 : Protocol.IP6;
    int port = endpoint.getPort();
    return new Multiaddr(
        List.of(
            new Component(p, Bytes.wrap(a.getAddress())),
            new Component(Protocol.TCP, Bytes.wrap(new byte[] {(byte) (port >> 8), (byte) port}))));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Component c : components) {
      sb.append('/').append(c.protocol().text).append('/').append(c.text());
    }
    return sb.toString();
  }

  private static Bytes valueFromText(Protocol p, String v) throws MultiaddrException {
    switch (p) {
      case IP4 -> {
        String[] octets = v.split("\\.", -1);
        if (octets.length != 4) {
          throw new MultiaddrException("bad /ip4 address '" + v + "'");
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
          if (!octets[i].matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(octets[i]) > 255) {
            throw new MultiaddrException("bad /ip4 address '" + v + "'");
          }
          out[i] = (byte) Integer.parseInt(octets[i]);
        }
        return Bytes.wrap(out);
      }
      case IP6 -> {
        // a string with ':' is always parsed as a literal by the JDK, never looked up
        if (!v.contains(":") || !v.matches("[0-9a-fA-F:.]+")) {
          throw new MultiaddrException("bad /ip6 address '" + v + "'");
        }
        try {
          InetAddress a = InetAddress.getByName(v);
          byte[] raw = a.getAddress();
          if (raw.length == 4) { // an IPv4-mapped literal: keep the 16-byte form
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(raw, 0, mapped, 12, 4);
            raw = mapped;
          }
          return Bytes.wrap(raw);
        } catch (UnknownHostException e) {
          throw new MultiaddrException("bad /ip6 address '" + v + "'");
        }
      }
      case TCP -> {
        if (!v.matches("0|[1-9][0-9]{0,4}") || Integer.parseInt(v) > 65535) {
          throw new MultiaddrException("bad /tcp port '" + v + "' (0..65535)");
        }
        int port = Integer.parseInt(v);
        return Bytes.wrap(new byte[] {(byte) (port >> 8), (byte) port});
      }
      case DNS, DNS4, DNS6 -> {
        return checkValue(p, Bytes.wrap(v.getBytes(StandardCharsets.UTF_8)));
      }
      case P2P -> {
        try {
          return PeerId.parse(v).multihash();
        } catch (KeyFormatException e) {
          throw new MultiaddrException("bad /p2p peer id '" + v + "': " + e.getMessage());
        }
      }
    }
    throw new MultiaddrException("unsupported protocol " + p.text);
  }

  private static Bytes checkValue(Protocol p, Bytes v) throws MultiaddrException {
    switch (p) {
      case DNS, DNS4, DNS6 -> {
        String name = new String(v.toByteArray(), StandardCharsets.UTF_8);
        if (name.isEmpty()
            || name.length() > 253
            || !name.toLowerCase(Locale.ROOT).matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
          throw new MultiaddrException("bad /" + p.text + " name '" + name + "'");
        }
      }
      case P2P -> {
        try {
          new PeerId(v);
        } catch (IllegalArgumentException e) {
          throw new MultiaddrException("bad /p2p peer id: " + e.getMessage());
        }
      }
      default -> {}
    }
    return v;
  }

  private static String compressIp6(String full) {
    // the JDK prints 0:0:0:0:0:0:0:1; multiaddr text uses the RFC 5952 short form (::1)
    String[] groups = full.split(":");
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < groups.length; ) {
      if (groups[i].equals("0")) {
        int j = i;
        while (j < groups.length && groups[j].equals("0")) {
          j++;
        }
        if (j - i > bestLen && j - i >= 2) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    if (bestStart < 0) {
      return full;
    }
    String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
    String tail =
        String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
    return head + "::" + tail;
  }
}
