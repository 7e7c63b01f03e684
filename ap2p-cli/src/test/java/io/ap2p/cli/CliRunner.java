package io.ap2p.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the ap2p command in-process and captures its exit code and output. */
final class CliRunner {

  record Result(int code, String out, String err) {}

  private CliRunner() {}

  static Result withInput(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            args);
    return new Result(code, out.toString(), err.toString());
  }

  static Result run(String... args) {
    return withInput("", args);
  }
}
