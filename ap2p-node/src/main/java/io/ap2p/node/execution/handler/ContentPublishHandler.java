package io.ap2p.node.execution.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.trust.Trace;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Jcs;
import io.ap2p.core.wire.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The built-in {@code content.publish} skill: stores its input in {@code <dataDir>/published/} as
 * {@code <sha256 of the input>.<ext>} ({@code ext} from the media type: png, txt, json or bin) and
 * answers {@code {"alreadyPublished": bool, "bytes": N, "published": "<file name>", "sha256":
 * "<hex>"}} ({@code application/json}, canonical JSON).
 *
 * <p>The content's hash is the idempotency key: publishing the same content again writes nothing
 * and gives the same answer with {@code alreadyPublished: true}, so a requester that retries after
 * a lost reply does not publish twice. A file is written to a temporary name, synced, renamed into
 * place and the directory synced, so a crash leaves either no file or the whole file.
 */
public final class ContentPublishHandler implements Handler {

  /** The version signed into receipts. */
  public static final String VERSION = "builtin/content.publish/1";

  /** The directory under the data directory that holds published files. */
  public static final String DIRECTORY = "published";

  private final Path dir;
  private final ReentrantLock lock = new ReentrantLock();

  /** A publisher into {@code dataDir}/{@value #DIRECTORY} (created on first use). */
  public ContentPublishHandler(Path dataDir) {
    this.dir = Objects.requireNonNull(dataDir, "dataDir").resolve(DIRECTORY);
  }

  /** Where files are published. */
  public Path directory() {
    return dir;
  }

  @Override
  public Output run(Invocation invocation, Progress progress, Cancellation cancellation)
      throws HandlerException {
    invocation.checkLive(cancellation);
    Bytes content = invocation.input();
    if (content.length() == 0) {
      throw HandlerException.badInput("nothing to publish: the input is empty");
    }
    String key = Digests.sha256(content).toHex();
    String name = key + "." + MediaTypes.extension(invocation.mediaType());
    boolean already;
    lock.lock(); // one writer at a time, so concurrent equal publishes write once
    try {
      Path target = dir.resolve(name);
      already = Files.exists(target);
      if (!already) {
        // The last point of no return: after this the side effect happens even if cancelled.
        invocation.checkLive(cancellation);
        write(target, content);
      }
    } catch (IOException e) {
      throw HandlerException.failed("cannot publish: " + e.getMessage());
    } finally {
      lock.unlock();
    }
    return answer(content, invocation.mediaType(), already);
  }

  /**
   * The answer to publishing {@code content} of {@code mediaType}: a function of the input but for
   * {@code alreadyPublished}, which depends on what was published before. Its trace names the file
   * written (or found) and the digest of what it holds.
   */
  public static Output answer(Bytes content, String mediaType, boolean alreadyPublished) {
    String key = Digests.sha256(content).toHex();
    String name = key + "." + MediaTypes.extension(mediaType);
    ObjectNode answer = Json.MAPPER.createObjectNode();
    answer.put("published", name);
    answer.put("sha256", key);
    answer.put("bytes", content.length());
    answer.put("alreadyPublished", alreadyPublished);
    return new Output(
        Jcs.canonicalize(answer),
        "application/json",
        Trace.of(
            Trace.tool("store", "published/" + MediaTypes.extension(mediaType)),
            Trace.artefact("file", content)));
  }

  private void write(Path target, Bytes content) throws IOException {
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(ch)) {
        out.write(content.toByteArray());
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target);
      }
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void syncDirectory(Path d) {
    try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems cannot sync a directory; the rename is still atomic.
    }
  }

  @Override
  public String version() {
    return VERSION;
  }
}
