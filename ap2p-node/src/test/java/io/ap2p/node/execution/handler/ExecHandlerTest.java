package io.ap2p.node.execution.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.wire.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecHandlerTest {

  @TempDir Path tmp;

  private ExecHandler sh(String script) {
    return sh(script, Map.of(), Optional.empty(), 1 << 20);
  }

  private ExecHandler sh(
      String script, Map<String, String> env, Optional<Path> workdir, long maxOutputBytes) {
    return new ExecHandler(
        List.of("sh", "-c", script),
        env,
        workdir,
        maxOutputBytes,
        "text/plain",
        tmp.resolve("scratch"));
  }

  private static HandlerException failure(Handler h, Invocation inv, Cancellation c) {
    try {
      Output out = h.run(inv, Progress.NONE, c);
      throw new AssertionError("expected a failure, got " + out.bytes().toUtf8());
    } catch (HandlerException e) {
      return e;
    }
  }

  @Test
  void inputGoesToStdinAndStdoutComesBack() throws Exception {
    ExecHandler h =
        new ExecHandler(
            List.of("cat"),
            Map.of(),
            Optional.empty(),
            1 << 20,
            "text/plain",
            tmp.resolve("scratch"));
    Output out = h.run(Invocations.text("hello, world"), Progress.NONE, new Cancellation());
    assertThat(out.bytes().toUtf8()).isEqualTo("hello, world");
    assertThat(out.mediaType()).isEqualTo("text/plain");
    assertThat(h.version()).startsWith("exec/1 sha256:").hasSize("exec/1 sha256:".length() + 64);
    assertThat(h.version()).isEqualTo("exec/1 sha256:" + ExecHandler.commandDigest(List.of("cat")));
  }

  @Test
  void largeInputAndOutputDoNotDeadlock() throws Exception {
    byte[] big = new byte[3 << 20];
    new java.util.Random(1).nextBytes(big);
    ExecHandler h =
        new ExecHandler(
            List.of("cat"), Map.of(), Optional.empty(), 8 << 20, "x/y", tmp.resolve("s"));
    Output out =
        h.run(
            Invocations.of(Bytes.wrap(big), "", 10_000, 8 << 20),
            Progress.NONE,
            new Cancellation());
    assertThat(out.bytes()).isEqualTo(Bytes.wrap(big));
  }

  @Test
  void theEnvironmentIsScrubbed() throws Exception {
    Output out =
        sh("env | sort", Map.of("MODEL", "small"), Optional.empty(), 1 << 20)
            .run(Invocations.text(""), Progress.NONE, new Cancellation());
    List<String> lines = out.bytes().toUtf8().lines().toList();
    List<String> names = lines.stream().map(l -> l.substring(0, l.indexOf('='))).toList();
    // sh itself may add PWD (and SHLVL, _); nothing of the node's environment comes through
    assertThat(names).contains("PATH", "HOME", "LANG", "MODEL");
    assertThat(names)
        .allMatch(n -> List.of("PATH", "HOME", "LANG", "MODEL", "PWD", "SHLVL", "_").contains(n));
    assertThat(lines).contains("PATH=" + ExecHandler.DEFAULT_PATH, "LANG=C.UTF-8", "MODEL=small");
  }

  @Test
  void theScratchDirectoryIsHomeAndWorkdirAndIsDeletedAfter() throws Exception {
    Output out =
        sh("pwd; echo $HOME; echo data > file.txt; ls")
            .run(Invocations.text(""), Progress.NONE, new Cancellation());
    List<String> lines = out.bytes().toUtf8().lines().toList();
    Path scratch = Path.of(lines.get(0));
    assertThat(lines.get(1)).isEqualTo(lines.get(0));
    assertThat(scratch.startsWith(tmp.resolve("scratch"))).isTrue();
    assertThat(lines.get(2)).isEqualTo("file.txt");
    assertThat(scratch).doesNotExist();
    try (var left = Files.list(tmp.resolve("scratch"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aConfiguredWorkdirIsUsedAndKept() throws Exception {
    Path wd = Files.createDirectory(tmp.resolve("wd"));
    Files.writeString(wd.resolve("model.txt"), "weights");
    Output out =
        sh("cat model.txt", Map.of(), Optional.of(wd), 1 << 20)
            .run(Invocations.text(""), Progress.NONE, new Cancellation());
    assertThat(out.bytes().toUtf8()).isEqualTo("weights");
    assertThat(wd.resolve("model.txt")).exists();
  }

  @Test
  void aNonZeroExitIsAFailureWithStderr() {
    HandlerException e =
        failure(
            sh("echo out; echo 'it broke' >&2; exit 3"), Invocations.text(""), new Cancellation());
    assertThat(e.code()).isEqualTo(TaskErrorCode.FAILED);
    assertThat(e.getMessage()).isEqualTo("exit status 3: it broke");
  }

  @Test
  void stderrIsCappedInTheMessage() {
    HandlerException e =
        failure(
            sh(
                "i=0; while [ $i -lt 2000 ]; do echo 'noise noise noise' >&2; i=$((i+1)); done;"
                    + " exit 1"),
            Invocations.text(""),
            new Cancellation());
    assertThat(e.code()).isEqualTo(TaskErrorCode.FAILED);
    assertThat(e.getMessage().length()).isLessThanOrEqualTo(ExecRun.STDERR_CAPTURE + 32);
  }

  @Test
  void progressLinesAreReported() throws Exception {
    List<String> reports = Collections.synchronizedList(new ArrayList<>());
    Output out =
        sh("echo 'progress 0.25 loading model' >&2; echo 'progress 1' >&2;"
                + " echo 'progress 7 not a fraction' >&2; echo done")
            .run(Invocations.text(""), (f, m) -> reports.add(f + " " + m), new Cancellation());
    assertThat(out.bytes().toUtf8()).isEqualTo("done\n");
    assertThat(reports).containsExactly("0.25 loading model", "1.0 ");
  }

  @Test
  void outputPastTheLimitKillsTheCommand() {
    long start = System.nanoTime();
    HandlerException e =
        failure(
            sh("yes 'a line of output'", Map.of(), Optional.empty(), 1 << 20),
            Invocations.text(""),
            new Cancellation());
    assertThat(e.code()).isEqualTo(TaskErrorCode.OUTPUT_TOO_LARGE);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void theRequestersLimitAppliesWhenLower() {
    HandlerException e =
        failure(
            sh("head -c 2000 /dev/zero"),
            Invocations.of(Bytes.EMPTY, "", 10_000, 1000),
            new Cancellation());
    assertThat(e.code()).isEqualTo(TaskErrorCode.OUTPUT_TOO_LARGE);
    assertThat(e.getMessage()).contains("1000 bytes");
  }

  @Test
  void aCommandThatIgnoresStdinDoesNotDeadlock() throws Exception {
    Bytes big = Bytes.wrap(new byte[4 << 20]); // far more than a pipe buffer
    Output out =
        sh("echo ignored your input")
            .run(Invocations.of(big, "", 10_000, 1 << 20), Progress.NONE, new Cancellation());
    assertThat(out.bytes().toUtf8()).isEqualTo("ignored your input\n");
  }

  @Test
  void theDeadlineKillsTheCommand() {
    long start = System.nanoTime();
    HandlerException e =
        failure(sh("sleep 1000"), Invocations.of(Bytes.EMPTY, "", 300, 1000), new Cancellation());
    assertThat(e.code()).isEqualTo(TaskErrorCode.DEADLINE_EXCEEDED);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void cancelKillsTheWholeProcessTree() throws Exception {
    Path pids = tmp.resolve("pids");
    ExecHandler h =
        sh(
            "sleep 1000 & echo $$ $! > " + pids + ".tmp; mv " + pids + ".tmp " + pids + "; wait",
            Map.of(),
            Optional.empty(),
            1000);
    Cancellation c = new Cancellation();
    CompletableFuture<HandlerException> result =
        CompletableFuture.supplyAsync(
            () -> failure(h, Invocations.of(Bytes.EMPTY, "", 60_000, 1000), c),
            r -> Thread.ofVirtual().start(r));
    List<Long> tree = awaitPids(pids);
    assertThat(tree).hasSize(2).allMatch(ExecHandlerTest::running);

    c.cancel();
    HandlerException e = result.get(5, TimeUnit.SECONDS);
    assertThat(e.code()).isEqualTo(TaskErrorCode.CANCELLED);
    for (long pid : tree) {
      awaitGone(pid);
    }
  }

  @Test
  void childrenLeftBehindAreKilledToo() throws Exception {
    Path pids = tmp.resolve("pids");
    // The child lingers in the background holding stdout; the shell exits at once.
    ExecHandler h =
        sh(
            "sleep 1000 & echo $! > " + pids + ".tmp; mv " + pids + ".tmp " + pids + "; sleep 0.3",
            Map.of(),
            Optional.empty(),
            1000);
    long start = System.nanoTime();
    Output out =
        h.run(Invocations.of(Bytes.EMPTY, "", 20_000, 1000), Progress.NONE, new Cancellation());
    assertThat(out.bytes().length()).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    awaitGone(awaitPids(pids).get(0));
  }

  @Test
  void aMissingProgramFails() {
    ExecHandler h =
        new ExecHandler(
            List.of("no-such-program-ap2p"),
            Map.of(),
            Optional.empty(),
            10,
            "x/y",
            tmp.resolve("s"));
    HandlerException e = failure(h, Invocations.text(""), new Cancellation());
    assertThat(e.code()).isEqualTo(TaskErrorCode.FAILED);
    assertThat(e.getMessage()).contains("command not found: no-such-program-ap2p");
  }

  @Test
  void anAlreadyCancelledInvocationDoesNotStart() {
    Cancellation c = new Cancellation();
    c.cancel();
    assertThat(failure(sh("touch " + tmp.resolve("ran")), Invocations.text(""), c).code())
        .isEqualTo(TaskErrorCode.CANCELLED);
    assertThat(tmp.resolve("ran")).doesNotExist();
  }

  @Test
  void resolveFindsProgramsOnThePath() {
    assertThat(ExecHandler.resolve("sh", ExecHandler.DEFAULT_PATH)).isPresent();
    assertThat(ExecHandler.resolve("no-such-program-ap2p", ExecHandler.DEFAULT_PATH)).isEmpty();
    assertThat(ExecHandler.resolve("sh", "")).isEmpty();
    assertThatThrownBy(() -> new ExecHandler(List.of(), Map.of(), Optional.empty(), 1, "x/y", tmp))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Long> awaitPids(Path file) throws IOException, InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!Files.exists(file)) {
      if (System.nanoTime() > until) {
        throw new AssertionError("the command did not write its pids");
      }
      Thread.sleep(10);
    }
    return java.util.Arrays.stream(Files.readString(file, StandardCharsets.UTF_8).trim().split(" "))
        .map(Long::parseLong)
        .toList();
  }

  private static void awaitGone(long pid) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (running(pid)) {
      if (System.nanoTime() > until) {
        throw new AssertionError("process " + pid + " still runs");
      }
      Thread.sleep(10);
    }
  }

  /**
   * Whether {@code pid} is a live process. A killed orphan stays a zombie until init reaps it, and
   * in a container init may never do so; ProcessHandle counts zombies as alive, so they are told
   * apart by their state in /proc.
   */
  private static boolean running(long pid) {
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isEmpty() || !h.get().isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false; // gone meanwhile
    }
  }
}
