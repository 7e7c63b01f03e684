package io.ap2p.node.api;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.node.Node;
import io.ap2p.node.execution.TaskRun;
import java.util.Optional;

/** Starts a {@link TaskRequest} on a node's requester side, choosing a tag for a bare intent. */
public final class TaskStarter {

  /**
   * A run started.
   *
   * @param run the run
   * @param choice the tag chosen for an intent, when the request named none
   */
  public record Started(TaskRun run, Optional<TagChoice> choice) {}

  private TaskStarter() {}

  /**
   * Starts {@code request} on {@code node}.
   *
   * @throws ApiException when no tag can be chosen or the workflow cannot run
   */
  public static Started start(Node node, TaskRequest request) throws ApiException {
    try {
      return switch (request) {
        case TaskRequest.Workflow w ->
            new Started(node.workflows().start(w.spec(), w.kind()), Optional.empty());
        case TaskRequest.Invoke i -> {
          Optional<TagChoice> choice =
              i.tag().isPresent()
                  ? Optional.empty()
                  : Optional.of(TagChoice.choose(node, i.intent()));
          CapabilityTag tag = i.tag().orElseGet(() -> choice.get().tag());
          yield new Started(node.workflows().start(i.spec(tag), i.kind()), choice);
        }
      };
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(request.kind() + ": " + e.getMessage());
    }
  }
}
