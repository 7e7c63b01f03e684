package io.ap2p.cli.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.cli.Ap2pCommand;
import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.node.api.TaskRequest;
import io.ap2p.node.execution.workflow.WorkflowFile;
import io.ap2p.node.execution.workflow.WorkflowFileException;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ap2p workflow run}: run a workflow file, saving each step's output. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a workflow file: each step is delegated to the best provider of its",
      "tag, its result verified as its side effect's risk asks, with fallback to",
      "the next provider. Each step's output is saved as <step>.<png|json|txt|bin>",
      "in --out DIR. Progress and failed attempts go to stderr; per step, the",
      "state, provider, attempts, canaries, output file and receipt go to stdout.",
      "Ctrl-C cancels the run and exits with 130."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every step succeeded",
      "1:a step failed (the reason is printed), or the file is not a valid workflow",
      "2:usage error (the flag at fault is named)",
      "130:interrupted: the run was cancelled"
    })
public final class WorkflowRunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description =
          "The workflow file; - for standard input (a <(…) substitution works too). Relative"
              + " input files resolve against its directory (the working directory for - and"
              + " <(…)).")
  String file;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where to save the outputs (default: ./ap2p-out/<run id>/).")
  Path out;

  @Option(names = "--json", description = "Print one JSON object: status, id and the steps.")
  boolean json;

  @Mixin DelegationOptions delegation = new DelegationOptions();

  @Override
  public Integer call() {
    delegation.validate(spec);
    WorkflowSpec parsed = parse(read());
    // --policy overrides the file's own "policy"
    WorkflowSpec workflow = delegation.policy().map(parsed::withPolicy).orElse(parsed);
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Session session = delegation.open(err)) {
      TaskRequest.Workflow request = new TaskRequest.Workflow(workflow);
      if (request.inputBytes() > session.maxInputs()) {
        throw new CliFailure(
            file + ": the steps' inputs add up to more than the node's API takes (64 MiB)");
      }
      String id = session.start(request).path("id").asText();
      err.println("ap2p: workflow " + workflow.workflow().name() + " started as task " + id);
      err.flush();
      try (CancelOnInterrupt interrupt = new CancelOnInterrupt(session, id, err)) {
        JsonNode run = new RunWatcher(session, id, err, true).await();
        int code = finish(session, run, workflow, stdout, err);
        interrupt.reported();
        return interrupt.requested() ? ExitCodes.CANCELLED : code;
      }
    }
  }

  private int finish(
      Session session, JsonNode run, WorkflowSpec workflow, PrintWriter stdout, PrintWriter err) {
    String id = run.path("id").asText();
    String state = run.path("state").asText();
    Path dir = out != null ? out : Path.of("ap2p-out", id);
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("status", state);
    o.put("id", id);
    o.put("name", workflow.workflow().name());
    o.put("detail", run.path("detail").asText());
    ArrayNode steps = o.putArray("steps");
    if (!json) {
      stdout.println("task " + id + " (workflow " + workflow.workflow().name() + "): " + state);
    }
    for (JsonNode step : run.path("steps")) {
      String name = step.path("name").asText();
      Optional<String> saved = Optional.empty();
      if (step.path("state").asText().equals("SUCCEEDED") && step.path("output").isObject()) {
        Bytes bytes = session.output(id, name);
        Path target =
            dir.resolve(
                fileName(name) + "." + OutputFiles.extension(step.path("mediaType").asText()));
        OutputFiles.write(target, bytes, "--out");
        saved = Optional.of(target.toString());
      }
      steps.add(Reports.stepJson(step, saved));
      if (!json) {
        stdout.println("step " + name + ": " + step.path("state").asText());
        Reports.step(stdout, "  ", step);
        saved.ifPresent(
            p ->
                stdout.println(
                    "  output     "
                        + p
                        + " ("
                        + step.path("mediaType").asText()
                        + ", "
                        + step.path("output").path("size").asLong()
                        + " bytes)"));
      }
    }
    long canaries = 0;
    long canaryBytes = 0;
    long canaryMillis = 0;
    for (JsonNode step : run.path("steps")) {
      canaries += step.path("canaries").asLong();
      canaryBytes += step.path("canaryBytes").asLong();
      canaryMillis += step.path("canaryMillis").asLong();
    }
    ObjectNode verification = o.putObject("verification");
    verification.put("canaries", canaries);
    verification.put("canaryBytes", canaryBytes);
    verification.put("canaryMillis", canaryMillis);
    if (json) {
      stdout.println(Json.pretty(o));
    } else {
      // Tier 2's cost for the whole workflow (canaries count against each step's attempts)
      stdout.println(
          "verification: "
              + canaries
              + (canaries == 1 ? " canary, " : " canaries, ")
              + canaryBytes
              + " bytes, "
              + canaryMillis
              + " ms");
    }
    stdout.flush();
    if (!state.equals("SUCCEEDED")) {
      String detail = run.path("detail").asText();
      err.println(
          state.equals("CANCELLED")
              ? "ap2p: the workflow was cancelled"
              : "ap2p: the workflow failed"
                  + (detail.isEmpty() ? "" : ": " + detail)
                  + (detail.endsWith("no candidates")
                      ? " (no provider of its tag was found)"
                      : ""));
      err.flush();
      return ExitCodes.REJECTED;
    }
    return ExitCodes.OK;
  }

  /** A step's name made safe as a file name. */
  static String fileName(String step) {
    String s = step.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.startsWith(".") ? "_" + s : s;
  }

  private byte[] read() {
    int limit = WorkflowFile.MAX_BYTES;
    if (file.equals("-")) {
      InputStream in = ((Ap2pCommand) spec.root().userObject()).stdin();
      try {
        return limited(in.readNBytes(limit + 1), "standard input");
      } catch (IOException e) {
        throw new CliFailure("FILE: cannot read standard input: " + e.getMessage());
      }
    }
    Path p = Path.of(file);
    if (!Files.exists(p)) {
      throw DelegationOptions.usage(spec, "FILE: no such file: " + file);
    }
    // read once, as a stream: a <(…) substitution (/dev/fd/N) cannot be read twice
    try (InputStream in = Files.newInputStream(p)) {
      return limited(in.readNBytes(limit + 1), file);
    } catch (IOException e) {
      throw new CliFailure("FILE: cannot read " + file + ": " + e.getMessage());
    }
  }

  private static byte[] limited(byte[] bytes, String what) {
    if (bytes.length > WorkflowFile.MAX_BYTES) {
      throw new CliFailure("FILE: " + what + " is larger than 1 MiB");
    }
    return bytes;
  }

  private WorkflowSpec parse(byte[] bytes) {
    Path base;
    if (file.equals("-") || file.startsWith("/dev/fd/") || file.startsWith("/proc/self/fd/")) {
      base = Path.of("").toAbsolutePath();
    } else {
      Path parent = Path.of(file).toAbsolutePath().getParent();
      base = parent != null ? parent : Path.of("").toAbsolutePath();
    }
    try {
      return WorkflowFile.parse(bytes, base);
    } catch (WorkflowFileException e) {
      throw new CliFailure((file.equals("-") ? "standard input" : file) + ": " + e.getMessage());
    }
  }
}
