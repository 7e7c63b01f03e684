package io.ap2p.node.execution.capability;

import io.ap2p.node.execution.handler.BuiltIns;
import io.ap2p.node.execution.handler.ExecHandler;
import io.ap2p.node.execution.handler.Handler;
import io.ap2p.node.execution.handler.HttpHandler;
import java.nio.file.Path;

/** Makes handlers from their specs. */
public final class Handlers {

  /** The directory under the data directory that holds commands' per-task scratch directories. */
  public static final String SCRATCH_DIRECTORY = "scratch";

  private Handlers() {}

  /**
   * The handler {@code spec} describes; not for {@link HandlerSpec.Mcp}, whose tools share their
   * server's connection ({@code io.ap2p.node.execution.mcp.McpTools}). {@code dataDir} is the
   * node's data directory: {@code content.publish} writes under it, and commands get their scratch
   * directories in {@code <dataDir>/}{@value #SCRATCH_DIRECTORY}.
   */
  public static Handler create(HandlerSpec spec, Path dataDir) {
    return switch (spec) {
      case HandlerSpec.Builtin b -> BuiltIns.create(b.name(), dataDir);
      case HandlerSpec.Exec e ->
          new ExecHandler(
              e.command(),
              e.env(),
              e.workdir(),
              e.maxOutputBytes(),
              e.outputMediaType(),
              dataDir.resolve(SCRATCH_DIRECTORY));
      case HandlerSpec.Http h -> new HttpHandler(h.url(), h.maxOutputBytes(), h.allowRemote());
      case HandlerSpec.Mcp m ->
          throw new IllegalArgumentException(
              "the MCP tool "
                  + m.tool()
                  + " is served through its server's connection (io.ap2p.node.execution.mcp)");
    };
  }
}
