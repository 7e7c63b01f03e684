package io.ap2p.cli.revocation;

import io.ap2p.cli.CliFailure;
import io.ap2p.cli.Version;
import io.ap2p.cli.net.DialFailures;
import io.ap2p.cli.net.DialOptions;
import io.ap2p.cli.net.MultiaddrConverter;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Host;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.LocalApi;
import io.ap2p.node.discovery.RegistryProtocol;
import io.ap2p.node.store.DataDir;
import io.ap2p.node.store.KeyFileException;
import io.ap2p.node.store.KeyFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options shared by the revocation commands: the node whose key signs, the registries to send the
 * signed revocation to, and where to keep a copy; and the sending itself.
 */
public final class RevocationTargets {

  /** Most registries one command sends to. */
  static final int MAX_REGISTRIES = 16;

  @Option(
      names = "--node",
      paramLabel = "DIR",
      description =
          "The node's data directory, whose key signs (default: $AP2P_DATA, else ~/.ap2p).")
  Path node;

  @Option(
      names = "--registry-peer",
      paramLabel = "MULTIADDR",
      converter = MultiaddrConverter.class,
      description = {
        "A registry to send the signed revocation to (repeatable, at most 16); a federated",
        "registry replicates it to its peers."
      })
  List<Multiaddr> registries = new ArrayList<>();

  @Mixin DialOptions dial = new DialOptions();

  /** The data directory. */
  Path dir() {
    return node != null ? node : DataDir.defaultPath(System.getenv());
  }

  /** The node's identity key. */
  PrivateKey key() {
    Path file = dir().resolve(DataDir.IDENTITY_FILE);
    if (!Files.exists(file)) {
      throw new CliFailure("--node: no identity key in " + dir() + " (" + file + " is missing)");
    }
    try {
      return KeyFiles.read(file);
    } catch (KeyFileException e) {
      throw new CliFailure("--node: " + e.getMessage());
    }
  }

  /** Fails when a node is running on the data directory (its key would change under it). */
  void requireStopped() {
    if (Files.exists(dir().resolve(LocalApi.FILE))) {
      throw new CliFailure(
          "--node: a node may be running on "
              + dir()
              + " ("
              + LocalApi.FILE
              + " exists): stop it first; a rotation replaces its identity key");
    }
  }

  /** Keeps {@code signed} as {@code name} in the data directory; returns the file. */
  Path keep(String name, Bytes signed) {
    Path file = dir().resolve("revocations").resolve(name);
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (java.nio.channels.FileChannel ch =
          java.nio.channels.FileChannel.open(
              tmp,
              java.nio.file.StandardOpenOption.CREATE,
              java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
              java.nio.file.StandardOpenOption.WRITE)) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(signed.toByteArray());
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true); // on disk before anything depends on it (a key rotation's swap)
      }
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      try (java.nio.channels.FileChannel d =
          java.nio.channels.FileChannel.open(
              file.getParent(), java.nio.file.StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException e) {
        // a file system that cannot sync a directory: the file itself is synced
      }
    } catch (IOException e) {
      throw new CliFailure("cannot write " + file + ": " + e.getMessage());
    }
    return file;
  }

  /**
   * Sends {@code signed} to every registry and prints each verdict; returns whether all took it (or
   * already held it).
   */
  boolean send(Bytes signed, PrintWriter out) {
    if (registries.size() > MAX_REGISTRIES) {
      throw new CliFailure("--registry-peer: at most " + MAX_REGISTRIES + " registries");
    }
    if (registries.isEmpty()) {
      out.println("not sent: no --registry-peer given");
      return true;
    }
    boolean ok = true;
    try (Host host = dial.host("ap2p/" + Version.get())) {
      for (Multiaddr r : registries) {
        try {
          RegistryMessage answer =
              RegistryProtocol.PROTOCOL
                  .call(host.connect(r), new RegistryMessage.Revoke(signed))
                  .orElse(null);
          if (!(answer instanceof RegistryMessage.Ack ack)) {
            out.println(r + ": answered out of protocol");
            ok = false;
            continue;
          }
          out.println(
              r
                  + ": "
                  + ack.status()
                  + " "
                  + ack.reason()
                  + (ack.detail().isEmpty() ? "" : ": " + ack.detail()));
          ok &= ack.status() == RegistryMessage.Status.ACCEPTED || heldAsLong(ack, signed, out, r);
        } catch (IOException e) {
          out.println(r + ": not reached: " + DialFailures.describe(e));
          ok = false;
        }
      }
    }
    return ok;
  }

  /**
   * Whether a DUPLICATE answer says the registry holds the same effect for at least as long as
   * {@code signed} would last (a registry holding a backdated copy answers an earlier expiry).
   */
  private static boolean heldAsLong(
      RegistryMessage.Ack ack, Bytes signed, PrintWriter out, Multiaddr r) {
    if (!"DUPLICATE".equals(ack.reason())) {
      return false;
    }
    long wanted;
    try {
      wanted =
          io.ap2p.core.trust.revocation.RevocationLimits.DEFAULTS.retainUntil(
              io.ap2p.core.trust.revocation.RevocationCodec.decode(signed).revocation());
    } catch (io.ap2p.core.wire.WireFormatException e) {
      return false;
    }
    if (ack.expiresAtMillis() < wanted) {
      out.println(r + ": holds the same revocation only until " + ack.expiresAtMillis() + " ms");
      return false;
    }
    return true;
  }
}
