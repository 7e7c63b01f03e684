package io.ap2p.cli.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SideEffect;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.node.api.TaskRequest;
import io.ap2p.node.execution.workflow.WorkflowFile;
import io.ap2p.node.execution.workflow.WorkflowFileException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ap2p invoke}: delegate one task to the best provider of a capability, with fallback. */
@Command(
    name = "invoke",
    mixinStandardHelpOptions = true,
    description = {
      "Delegate one task: find providers of a capability tag (or of the tag that",
      "best matches an intent), invoke the best with the input, verify the answer",
      "(a signed receipt when --side-effect is irreversible; canary probes between",
      "real peers are planned) and fall back to the next provider on an error, a",
      "timeout or a bad receipt. Progress and failed attempts go to stderr.",
      "The output goes to --out FILE, or to stdout when it is text (binary output",
      "needs --out); the report (provider, attempts, canaries, receipt) goes to",
      "stdout, or to stderr when the output does. Ctrl-C cancels the task (CANCEL",
      "to the provider) and exits with 130."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the task succeeded",
      "1:the task failed (the reason is printed), or its output could not be written",
      "2:usage error (the flag at fault is named)",
      "130:interrupted: the task was cancelled"
    })
public final class InvokeCommand implements Callable<Integer> {

  /** The step name a one-step invoke runs as. */
  static final String STEP = "invoke";

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "INTENT",
      arity = "0..1",
      defaultValue = "",
      description = "What you need, in words; without --tag the best match's tag is used.")
  String intent;

  @Option(names = "--tag", paramLabel = "TAG", description = "The capability tag to invoke.")
  String tag;

  @Option(
      names = "--input",
      paramLabel = "FILE",
      required = true,
      description = "The task's input: a file, or - for standard input (at most 64 MiB).")
  String input;

  @Option(
      names = "--media-type",
      paramLabel = "TYPE",
      description =
          "The input's media type (default: by the file's extension: .json, .png, .txt;"
              + " else text/plain for UTF-8 text, application/octet-stream otherwise).")
  String mediaType;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Where to write the output; - for standard output.")
  String out;

  @Option(
      names = "--deadline",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description = "Time allowed for a verified result, e.g. 500ms, 30s, 2m (default 30s).")
  String deadline;

  @Option(
      names = "--side-effect",
      paramLabel = "CLASS",
      defaultValue = "none",
      description =
          "What the task does to the world: none (default), reversible or irreversible;"
              + " it sets the step's risk, and so the checks (irreversible: full evidence).")
  String sideEffect;

  @Option(names = "--json", description = "Print one JSON object (the output inline if no --out).")
  boolean json;

  @Mixin DelegationOptions delegation = new DelegationOptions();

  @Override
  public Integer call() {
    TaskRequest.Invoke request = request();
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Session session = delegation.open(err)) {
      if (request.inputBytes() > session.maxInputs()) {
        throw new CliFailure("--input: larger than the node's API takes (64 MiB)");
      }
      JsonNode started = session.start(request);
      String id = started.path("id").asText();
      String chosenTag = started.path("tag").asText();
      JsonNode chosen = started.path("chosen");
      if (chosen.isObject()) {
        err.printf(
            Locale.ROOT,
            "ap2p: intent matched tag %s (best match: %s of %s, score %.3f)%n",
            chosen.path("tag").asText(),
            chosen.path("capability").asText(),
            chosen.path("provider").asText(),
            chosen.path("score").asDouble());
      }
      err.println("ap2p: task " + id + " started (" + chosenTag + ")");
      err.flush();
      try (CancelOnInterrupt interrupt = new CancelOnInterrupt(session, id, err)) {
        JsonNode run = new RunWatcher(session, id, err, false).await();
        int code = finish(session, run, chosenTag, started, stdout, err);
        interrupt.reported();
        return interrupt.requested() ? ExitCodes.CANCELLED : code;
      }
    }
  }

  private int finish(
      Session session,
      JsonNode run,
      String chosenTag,
      JsonNode started,
      PrintWriter stdout,
      PrintWriter err) {
    String id = run.path("id").asText();
    String state = run.path("state").asText();
    JsonNode step = run.path("steps").path(0);
    boolean ok = state.equals("SUCCEEDED");
    String media = step.path("mediaType").asText();
    Optional<Bytes> output = ok ? Optional.of(session.output(id, STEP)) : Optional.empty();
    Optional<String> file = Optional.empty();
    boolean toStdout = false;
    String refusal = null;
    if (output.isPresent()) {
      if (out != null && !out.equals("-")) {
        OutputFiles.write(Path.of(out), output.get(), "--out");
        file = Optional.of(out);
      } else if (!json && ("-".equals(out) || OutputFiles.isText(media))) {
        toStdout = true;
      } else if (!json) {
        refusal =
            "the output is "
                + media
                + " ("
                + output.get().length()
                + " bytes), not text: give --out FILE to save it (--out - writes it to stdout)";
      }
    }
    if (json) {
      ObjectNode o = Json.MAPPER.createObjectNode();
      o.put("status", state);
      o.put("id", id);
      o.put("tag", chosenTag);
      if (started.path("chosen").isObject()) {
        o.set("chosen", started.path("chosen").deepCopy());
      }
      ObjectNode s = Reports.stepJson(step, Optional.empty());
      s.remove("name");
      s.remove("state");
      s.remove("output");
      o.setAll(s);
      if (file.isPresent()) {
        o.putObject("output").put("file", file.get());
      } else if (output.isPresent() && OutputFiles.isText(media)) {
        o.putObject("output").put("text", output.get().toUtf8());
      } else if (output.isPresent()) {
        o.putObject("output")
            .put("base64", Base64.getEncoder().encodeToString(output.get().toByteArray()));
      } else {
        o.putNull("output");
      }
      stdout.println(Json.pretty(o));
      stdout.flush();
    } else {
      PrintWriter report = toStdout ? err : stdout;
      report.println("task       " + id + " (" + chosenTag + "): " + state);
      Reports.step(report, "", step);
      if (output.isPresent()) {
        report.println(
            "output     "
                + (file.isPresent() ? file.get() : toStdout ? "standard output" : "not written")
                + " ("
                + media
                + ", "
                + output.get().length()
                + " bytes)");
      }
      report.flush();
      if (toStdout) {
        writeStdout(output.get(), media, stdout);
      }
    }
    if (!ok) {
      err.println(
          state.equals("CANCELLED")
              ? "ap2p: the task was cancelled"
              : "ap2p: the task failed: " + reason(run, step, chosenTag));
      err.flush();
      return ExitCodes.REJECTED;
    }
    if (refusal != null) {
      throw new CliFailure(refusal);
    }
    return ExitCodes.OK;
  }

  private static String reason(JsonNode run, JsonNode step, String tag) {
    String d = step.path("detail").asText();
    d = d.isEmpty() ? run.path("detail").asText() : d;
    return d.equals("no candidates") ? "no provider of " + tag + " was found (no candidates)" : d;
  }

  private void writeStdout(Bytes output, String media, PrintWriter stdout) {
    if (OutputFiles.isText(media)) {
      String text = output.toUtf8();
      stdout.print(text);
      if (out == null && !text.endsWith("\n")) {
        stdout.println();
      }
      stdout.flush();
      return;
    }
    // binary, asked for with --out -: the bytes as they are, on the process's standard output
    stdout.flush();
    System.out.write(output.toByteArray(), 0, output.length());
    System.out.flush();
  }

  private TaskRequest.Invoke request() {
    delegation.validate(spec);
    Optional<CapabilityTag> t = Optional.empty();
    if (tag != null) {
      if (!CapabilityTag.isValid(tag)) {
        throw usage("--tag: a capability tag such as image.generate (got '" + tag + "')");
      }
      t = Optional.of(new CapabilityTag(tag));
    }
    if (t.isEmpty() && intent.isBlank()) {
      throw usage("--tag: give a tag (--tag text.summarize) or an intent (\"summarize this\")");
    }
    if (intent.length() > Query.MAX_TEXT) {
      throw usage("INTENT: at most " + Query.MAX_TEXT + " characters");
    }
    if (t.isEmpty() && delegation.dht()) {
      throw usage("--tag: required with --discovery dht (the DHT is keyed by tags, not text)");
    }
    if (json && "-".equals(out)) {
      throw usage("--out: - is not possible with --json (the JSON goes to stdout); give a file");
    }
    long deadlineMs;
    try {
      deadlineMs = WorkflowFile.duration(deadline, "--deadline");
    } catch (WorkflowFileException e) {
      throw usage(e.getMessage());
    }
    SideEffect effect = null;
    for (SideEffect e : SideEffect.values()) {
      if (e.jsonName().equals(sideEffect)) {
        effect = e;
      }
    }
    if (effect == null) {
      throw usage("--side-effect: none, reversible or irreversible (got '" + sideEffect + "')");
    }
    if (mediaType != null && !io.ap2p.core.execution.task.TaskLimits.isValidMediaType(mediaType)) {
      throw usage(
          "--media-type: a media type such as text/plain (1 to 128 printable ASCII characters)");
    }
    byte[] bytes = Inputs.read(spec, input, "--input");
    String media = mediaType != null ? mediaType : Inputs.guess(input, bytes);
    return new TaskRequest.Invoke(
        t, intent, Bytes.wrap(bytes), media, deadlineMs, effect, delegation.policy());
  }

  private picocli.CommandLine.ParameterException usage(String message) {
    return DelegationOptions.usage(spec, message);
  }
}
