package io.ap2p.cli.dispute;

import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.core.trust.dispute.DisputeBundle;
import io.ap2p.core.trust.dispute.DisputeCodec;
import io.ap2p.core.trust.dispute.DisputeException;
import io.ap2p.core.trust.dispute.DisputeVerifier;
import io.ap2p.node.store.DataDir;
import io.ap2p.node.store.Database;
import io.ap2p.node.store.KeyFileException;
import io.ap2p.node.store.KeyFiles;
import io.ap2p.node.store.ReceiptDirection;
import io.ap2p.node.store.StoreException;
import io.ap2p.node.store.StoredEvidence;
import io.ap2p.node.store.StoredReceipt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ap2p dispute export TASK}: writes the evidence bundle of a task from a node's database.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write the evidence bundle of TASK from the node's database (the node may",
      "be running): as requester, a run id (every step with a receipt) or",
      "run/step; as provider, the task id a requester sent. The bundle is",
      "checked before it is written."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:written",
      "1:no receipt of TASK in the database, or it cannot be read",
      "2:usage error"
    })
public final class DisputeExportCommand implements Callable<Integer> {

  private static final Pattern TASK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,255}");

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "TASK", description = "The run id, run/step, or served task id.")
  String task;

  @Option(
      names = "--node",
      paramLabel = "DIR",
      description = "The node's data directory (default: $AP2P_DATA, else ~/.ap2p).")
  Path node;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the bundle (JSON); an existing file is not overwritten.")
  Path out;

  @Override
  public Integer call() throws IOException {
    if (!TASK.matcher(task).matches()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "TASK: 1-256 characters of [A-Za-z0-9._:/-], not '" + task + "'");
    }
    Path dir = node != null ? node : DataDir.defaultPath(System.getenv());
    if (!Files.isRegularFile(dir.resolve(Database.FILE_NAME))) {
      throw new CliFailure("no node database in " + dir);
    }
    if (Files.exists(out)) {
      throw new CliFailure(out + " exists: choose another --out");
    }
    DisputeBundle bundle;
    try (Database db = Database.open(dir)) {
      bundle = bundle(db, exporter(dir));
    } catch (StoreException e) {
      throw new CliFailure(e.getMessage());
    }
    try {
      DisputeVerifier.verify(bundle);
    } catch (DisputeException e) {
      throw new CliFailure("the node's own evidence does not verify: " + e.getMessage());
    }
    Files.write(
        out,
        DisputeCodec.encode(bundle).toByteArray(),
        java.nio.file.StandardOpenOption.CREATE_NEW);
    spec.commandLine()
        .getOut()
        .printf("wrote %s: task %s, %d step(s)%n", out, task, bundle.steps().size());
    return ExitCodes.OK;
  }

  private DisputeBundle bundle(Database db, String exporter) {
    Map<String, StoredEvidence> evidence = new HashMap<>();
    for (StoredEvidence e : db.evidence().matching(task, DisputeBundle.MAX_STEPS)) {
      evidence.put(e.taskId(), e);
    }
    List<DisputeBundle.Step> steps = new ArrayList<>();
    for (StoredReceipt r : db.receipts().matching(task, DisputeBundle.MAX_STEPS)) {
      StoredEvidence e =
          r.direction() == ReceiptDirection.RECEIVED ? evidence.get(r.taskId()) : null;
      steps.add(
          new DisputeBundle.Step(
              (r.direction() == ReceiptDirection.GIVEN ? "served " : "") + r.taskId(),
              Optional.ofNullable(e).map(StoredEvidence::sentTaskId),
              Optional.ofNullable(e).map(StoredEvidence::descriptor),
              Optional.ofNullable(e).map(StoredEvidence::requestDigest),
              Optional.ofNullable(e).map(StoredEvidence::nonce),
              r.encoded()));
    }
    if (steps.isEmpty()) {
      throw new CliFailure("no receipt of task " + task + " in " + db.file());
    }
    return new DisputeBundle(task, exporter, steps);
  }

  private static String exporter(Path dir) {
    try {
      return KeyFiles.read(dir.resolve(DataDir.IDENTITY_FILE)).peerId().toString();
    } catch (KeyFileException | RuntimeException e) {
      return "unknown (no identity key in " + dir.getFileName() + ")";
    }
  }
}
