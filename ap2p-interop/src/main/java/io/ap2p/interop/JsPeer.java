package io.ap2p.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.wire.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A js-libp2p peer (ap2p-interop/js/peer.mjs) in a child process, driven by JSON lines. Installs
 * the pinned npm dependencies from the lockfile on first use.
 */
public final class JsPeer implements AutoCloseable {

  /** Where peer.mjs and its lockfile live. */
  public static final Path DIR = locate();

  private final Process process;
  private final BufferedWriter stdin;
  private final Map<Integer, BlockingQueue<JsonNode>> replies = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final StringBuilder stderr = new StringBuilder();

  /** The js peer's id. */
  public final String peerId;

  /** The js peer's listen addresses, with {@code /p2p/}. */
  public final List<String> addrs = new ArrayList<>();

  /**
   * Starts the peer (after {@code npm ci} if needed) and waits until it listens.
   *
   * @throws IllegalStateException if Node.js is missing, npm fails or the peer does not start
   */
  public JsPeer() throws Exception {
    this(DIR);
  }

  /**
   * Starts the {@code peer.mjs} of another npm project of the interop tests (such as {@code
   * js-gossipsub}, see {@link #project}), speaking the same line protocol, after {@code npm ci}
   * there if needed.
   *
   * @throws IllegalStateException if Node.js is missing, npm fails or the peer does not start
   */
  public JsPeer(Path dir) throws Exception {
    installDependencies(dir);
    ProcessBuilder pb = new ProcessBuilder(node(), "peer.mjs").directory(dir.toFile());
    process = pb.start();
    stdin =
        new BufferedWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  synchronized (stderr) {
                    stderr.append(line).append('\n');
                  }
                }
              } catch (IOException ignored) {
                // process gone
              }
            });
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    BlockingQueue<JsonNode> ready = new LinkedBlockingQueue<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                String line;
                while ((line = out.readLine()) != null) {
                  JsonNode n = Json.MAPPER.readTree(line);
                  if (n.has("event")) {
                    ready.add(n);
                  } else if (n.has("id")) {
                    replies
                        .computeIfAbsent(n.get("id").asInt(), k -> new LinkedBlockingQueue<>())
                        .add(n);
                  }
                }
              } catch (IOException ignored) {
                // process gone
              }
            });
    JsonNode r = ready.poll(60, TimeUnit.SECONDS);
    if (r == null) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "js-libp2p peer did not start within 60 s; stderr:\n" + stderr());
    }
    peerId = r.get("peerId").asText();
    r.get("addrs").forEach(a -> addrs.add(a.asText()));
  }

  /** What the peer wrote to stderr so far. */
  public String stderr() {
    synchronized (stderr) {
      return stderr.toString();
    }
  }

  /** Sends a command and waits for its reply; fails with the peer's error. */
  public JsonNode call(String cmd, Map<String, Object> args) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", id);
    o.put("cmd", cmd);
    args.forEach((k, v) -> o.set(k, Json.MAPPER.valueToTree(v)));
    BlockingQueue<JsonNode> q = replies.computeIfAbsent(id, k -> new LinkedBlockingQueue<>());
    synchronized (stdin) {
      stdin.write(Json.MAPPER.writeValueAsString(o));
      stdin.write('\n');
      stdin.flush();
    }
    JsonNode reply = q.poll(60, TimeUnit.SECONDS);
    replies.remove(id);
    if (reply == null) {
      throw new AssertionError(
          "js peer did not answer '" + cmd + "' in 60 s; stderr:\n" + stderr());
    }
    if (!reply.get("ok").asBoolean()) {
      throw new AssertionError("js peer failed '" + cmd + "': " + reply.get("error").asText());
    }
    return reply;
  }

  /** The node executable: {@code $AP2P_NODE}, else {@code node} on the PATH. */
  public static String node() {
    String explicit = System.getenv("AP2P_NODE");
    if (explicit != null && !explicit.isBlank()) {
      return explicit;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "node"))) {
        return Path.of(dir, "node").toString();
      }
    }
    throw new IllegalStateException(
        "Node.js (>= 20) is needed for the interop tests: install it or set AP2P_NODE");
  }

  /**
   * Runs {@code npm ci} in {@link #DIR} when node_modules is missing or older than the lockfile.
   */
  public static void installDependencies() throws Exception {
    installDependencies(DIR);
  }

  /**
   * Another npm project of the interop tests beside {@link #DIR} (such as {@code js-a2a}), each
   * with its own pinned package.json and package-lock.json.
   */
  public static Path project(String name) {
    return DIR.resolveSibling(name);
  }

  /** Runs {@code npm ci} in {@code dir} when node_modules is missing or older than the lockfile. */
  public static synchronized void installDependencies(Path dir) throws Exception {
    Path lock = dir.resolve("package-lock.json");
    Path installed = dir.resolve("node_modules/.package-lock.json");
    if (Files.exists(installed)
        && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
      return;
    }
    String npm = Path.of(node()).resolveSibling("npm").toString();
    if (!Files.isExecutable(Path.of(npm))) {
      npm = "npm";
    }
    Process p =
        new ProcessBuilder(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("npm ci failed in " + dir + ":\n" + log);
    }
  }

  /** Finds ap2p-interop/js from the working directory or one of its parents. */
  static Path locate() {
    String explicit = System.getProperty("ap2p.interop.js");
    if (explicit != null) {
      return Path.of(explicit).toAbsolutePath();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("js/peer.mjs"))) {
        return p.resolve("js");
      }
      if (Files.exists(p.resolve("ap2p-interop/js/peer.mjs"))) {
        return p.resolve("ap2p-interop/js");
      }
    }
    return Path.of("ap2p-interop/js").toAbsolutePath();
  }

  /** Asks the peer to quit and waits for it (or kills it). */
  @Override
  public void close() {
    try {
      call("quit", Map.of());
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } catch (Exception | AssertionError e) {
      process.destroyForcibly(); // it is going away either way
    }
  }
}
