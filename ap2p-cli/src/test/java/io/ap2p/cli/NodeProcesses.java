package io.ap2p.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * ap2p nodes as separate OS processes of the real CLI ({@code ap2p node start}), each with its own
 * data directory under {@code root}: started, killed with SIGKILL, restarted on the same directory,
 * stopped. Output goes to {@code NAME.N.out} and {@code .err}, N counting the incarnations.
 */
final class NodeProcesses implements AutoCloseable {

  /** One node: its name, start arguments, current process and incarnation. */
  static final class Node {
    final String name;
    final List<String> args;
    volatile Process process;
    volatile int incarnation;
    volatile String address;

    Node(String name, List<String> args) {
      this.name = name;
      this.args = args;
    }

    boolean alive() {
      Process p = process;
      return p != null && p.isAlive();
    }
  }

  private final Path root;
  private final Map<String, Node> nodes = new LinkedHashMap<>();

  NodeProcesses(Path root) {
    this.root = root;
  }

  /** The data directory of node {@code name}. */
  Path dir(String name) {
    return root.resolve(name);
  }

  /** Starts {@code ap2p ARGS} as a process writing to {@code NAME.out/.err}; does not wait. */
  Process ap2p(String name, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-XX:TieredStopAtLevel=1"); // short-lived processes: start fast, C2 would not pay off
    cmd.add("-Xss512k");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(args);
    return new ProcessBuilder(cmd)
        .directory(root.toFile())
        .redirectError(root.resolve(name + ".err").toFile())
        .redirectOutput(root.resolve(name + ".out").toFile())
        .start();
  }

  /** Starts node {@code name}: {@code ap2p node start --data DIR ARGS}; does not wait. */
  Node start(String name, String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of("node", "start", "--data", dir(name).toString()));
    all.addAll(List.of(args));
    Node n = new Node(name, List.copyOf(all));
    nodes.put(name, n);
    launch(n);
    return n;
  }

  private void launch(Node n) throws IOException {
    n.incarnation++;
    n.address = null;
    n.process = ap2p(n.name + "." + n.incarnation, n.args);
  }

  /** Waits until {@code n}'s current incarnation prints where it listens; that address. */
  String awaitListening(Node n, long seconds) throws Exception {
    Path out = root.resolve(n.name + "." + n.incarnation + ".out");
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      Optional<String> line = firstLine(out);
      if (line.isPresent() && line.get().startsWith("listening ")) {
        n.address = line.get().substring("listening ".length());
        return n.address;
      }
      if (!n.process.isAlive()) {
        throw new IllegalStateException(
            n.name + " exited with " + n.process.exitValue() + ": " + err(n));
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(n.name + " did not start within " + seconds + " s: " + err(n));
  }

  private static Optional<String> firstLine(Path out) throws IOException {
    if (!Files.exists(out)) {
      return Optional.empty();
    }
    String s = Files.readString(out);
    int nl = s.indexOf('\n');
    return nl < 0 ? Optional.empty() : Optional.of(s.substring(0, nl));
  }

  /** What the current incarnation of {@code n} printed on stderr. */
  String err(Node n) throws IOException {
    Path p = root.resolve(n.name + "." + n.incarnation + ".err");
    return Files.exists(p) ? Files.readString(p) : "";
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed; waits until the process is gone. */
  void kill(Node n) throws InterruptedException {
    Process p = n.process;
    p.destroyForcibly();
    p.waitFor(10, TimeUnit.SECONDS);
  }

  /** Starts {@code n} again on its data directory (same key, same database). */
  void restart(Node n) throws IOException {
    launch(n);
  }

  /** All nodes, in start order. */
  List<Node> all() {
    return List.copyOf(nodes.values());
  }

  /**
   * SIGTERM to every node still running (a clean shutdown); whether each then exited with 0 within
   * 15 s.
   */
  boolean stopCleanly() throws InterruptedException {
    boolean clean = true;
    for (Node n : nodes.values()) {
      if (n.alive()) {
        n.process.destroy();
        clean &= n.process.waitFor(15, TimeUnit.SECONDS) && n.process.exitValue() == 0;
      }
    }
    return clean;
  }

  /** SIGTERM to every node still running, then waits for each (SIGKILL after 15 s). */
  @Override
  public void close() {
    for (Node n : nodes.values()) {
      if (n.alive()) {
        n.process.destroy();
      }
    }
    for (Node n : nodes.values()) {
      Process p = n.process;
      try {
        if (p != null && !p.waitFor(15, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }
}
