package io.ap2p.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.node.Node;
import io.ap2p.node.execution.workflow.WorkflowFile;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten real nodes on loopback (a registry, three image generators, three publishers, three
 * requesters) run the paper's workflow concurrently, then again after one provider of each skill is
 * killed while its descriptor is still listed.
 */
@Tag("slow")
class TenNodeNetworkTest {

  @TempDir Path dir;

  @Test
  void paperWorkflowOnTenNodesSurvivesProvidersDying() throws Exception {
    try (LoopbackNetwork net = new LoopbackNetwork(dir)) {
      List<Node> generators = new ArrayList<>();
      List<Node> publishers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        generators.add(net.provider("gen" + i, "image.generate"));
        publishers.add(net.provider("pub" + i, "content.publish"));
      }
      List<Node> requesters = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        requesters.add(net.requester("req" + i));
      }
      assertThat(net.nodes).hasSize(10);

      runEverywhere(requesters, 2, "a watercolor fox");
      generators.get(0).close();
      publishers.get(0).close();
      runEverywhere(requesters, 2, "a lighthouse at dusk");

      int published = 0;
      for (int i = 1; i < 3; i++) {
        Path dirOf = dir.resolve("pub" + i).resolve("published");
        if (Files.isDirectory(dirOf)) {
          try (Stream<Path> files = Files.list(dirOf)) {
            published += (int) files.count();
          }
        }
      }
      // two prompts, each a deterministic PNG: published once per distinct image and provider
      assertThat(published).isGreaterThanOrEqualTo(1);
    }
  }

  private void runEverywhere(List<Node> requesters, int each, String prompt) throws Exception {
    String wf = WorkflowFile.example().replace("a watercolor fox in a snowy forest", prompt);
    WorkflowSpec spec = WorkflowFile.parse(wf.getBytes(StandardCharsets.UTF_8), dir);
    List<TaskRun> runs = new ArrayList<>();
    for (Node r : requesters) {
      for (int i = 0; i < each; i++) {
        runs.add(r.workflows().start(spec, "workflow"));
      }
    }
    for (TaskRun run : runs) {
      TaskRun.Snapshot s = run.done().get(60, TimeUnit.SECONDS);
      assertThat(s.state()).as(s.toString()).isEqualTo(TaskRun.State.SUCCEEDED);
      assertThat(s.steps().get(1).receipt()).isPresent();
    }
  }
}
