package io.ap2p.cli.mcp;

import io.ap2p.cli.Ap2pCommand;
import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.cli.Version;
import io.ap2p.cli.execution.DelegationOptions;
import io.ap2p.cli.execution.Session;
import io.ap2p.node.store.DataDir;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ap2p mcp serve}: an MCP server whose tools are the network's skills. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the network to an MCP client (an agent) as tools: find_capabilities,",
      "invoke_capability, run_workflow and trust_of. Over stdio by default (standard",
      "output carries MCP messages only; logs go to stderr), or Streamable HTTP with",
      "--http (at http://HOST:PORT/mcp, loopback only, every request needs the bearer",
      "token). Delegation goes through the running node of --node DIR (default:",
      "$AP2P_DATA, else ~/.ap2p), or, with --registry-peer or --discovery dht, through",
      "a transient node with a fresh key that lives as long as the server. Task",
      "progress becomes MCP progress notifications; cancelling a call cancels its task.",
      "--policy is a floor: a client may ask for a policy at least as strict, never a",
      "weaker one (without --policy, a running node's own default applies and a client",
      "may name none). See docs/mcp.md."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the client closed standard input (stdio), or the server was stopped",
      "1:the node cannot be reached, or the HTTP port cannot be bound",
      "2:usage error (the flag at fault is named)"
    })
public final class McpServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--http",
      paramLabel = "HOST:PORT",
      description =
          "Serve Streamable HTTP at http://HOST:PORT/mcp instead of stdio; HOST is 127.0.0.1,"
              + " localhost or [::1] (PORT 0: any free port, printed on stderr).")
  String http;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "With --http: the bearer token clients must send, read from FILE (created with a"
              + " fresh token, mode 0600, if missing; refused if group or others may read it)."
              + " Without it a fresh token is written to a new owner-only file in the temporary"
              + " directory, deleted when the server stops; stderr shows the file's path, never"
              + " the token.")
  Path tokenFile;

  @Option(
      names = "--allow-origin",
      paramLabel = "ORIGIN",
      description =
          "With --http: also accept requests whose Origin is ORIGIN (e.g."
              + " http://localhost:6274; a :* port matches any); repeatable. Loopback origins"
              + " are always accepted.")
  List<String> origins = new ArrayList<>();

  @Option(
      names = "--expose",
      paramLabel = "TAG",
      description =
          "Also offer capability TAG as a tool of its own (image.generate becomes"
              + " image_generate), its input schema the one the best provider found at start"
              + " declares; repeatable, at most 16.")
  List<String> expose = new ArrayList<>();

  @Mixin DelegationOptions delegation = new DelegationOptions();

  @Override
  public Integer call() throws Exception {
    delegation.orNode(DataDir.defaultPath(System.getenv()));
    delegation.validate(spec);
    InetSocketAddress bind = http == null ? null : bind(http);
    if (http == null && (tokenFile != null || !origins.isEmpty())) {
      throw usage("--token-file and --allow-origin: only with --http");
    }
    if (expose.size() > 16) {
      throw usage("--expose: at most 16 tags");
    }
    for (String t : expose) {
      if (!io.ap2p.core.discovery.CapabilityTag.isValid(t)) {
        throw usage("--expose: a capability tag such as image.generate (got '" + t + "')");
      }
      if (List.of("find_capabilities", "invoke_capability", "run_workflow", "trust_of")
          .contains(NetworkTools.toolName(t))) {
        throw usage("--expose: " + t + " would take the name of a built-in tool");
      }
    }
    for (String o : origins) {
      if (!o.matches("https?://[A-Za-z0-9.\\-\\[\\]:]{1,253}(:(\\d{1,5}|\\*))?")) {
        throw usage("--allow-origin: an origin such as http://localhost:6274 (got '" + o + "')");
      }
    }
    PrintWriter err = spec.commandLine().getErr();
    // before the node: a token file others may read stops the server at once
    TokenFile token =
        bind == null ? null : tokenFile == null ? TokenFile.forThisRun() : TokenFile.of(tokenFile);
    try {
      return serve(bind, token, err);
    } finally {
      if (token != null) {
        token.release();
      }
    }
  }

  private int serve(InetSocketAddress bind, TokenFile token, PrintWriter err) throws Exception {
    Calls calls = new Calls();
    Thread hook = new Thread(calls::cancelAll, "ap2p-mcp-cancel");
    PrintStream stdout = System.out;
    if (bind == null) {
      // stdout is the protocol's: anything else printed by mistake goes to stderr
      System.setOut(System.err);
    }
    Session opened;
    try {
      opened = delegation.open(err);
    } catch (CliFailure e) {
      throw new CliFailure(
          e.getMessage()
              + (delegation.node().isPresent()
                  ? "; start one (ap2p node start --data DIR), or serve through a transient node"
                      + " with --registry-peer MULTIADDR"
                  : ""));
    }
    try (Session session = opened) {
      Runtime.getRuntime().addShutdownHook(hook);
      Inbound inbound = new Inbound(calls);
      // the floor under a client's policy: --policy, else a transient node's default (a running
      // node's own default is not known here: then a client may name no policy)
      java.util.Optional<io.ap2p.core.trust.TierPolicy> floor =
          delegation
              .policy()
              .or(
                  () ->
                      delegation.node().isPresent()
                          ? java.util.Optional.empty()
                          : java.util.Optional.of(io.ap2p.node.TrustOptions.DEFAULTS.policy()));
      NetworkTools tools = new NetworkTools(session, calls, floor);
      List<SyncToolSpecification> all = new ArrayList<>(tools.all());
      for (String t : new java.util.LinkedHashSet<>(expose)) {
        all.add(tools.exposed(t, best(session, t, err)));
      }
      McpJsonMapper mapper = McpJsonDefaults.getMapper();
      String via =
          delegation.node().map(d -> "the node of " + d).orElse("a transient node (fresh key)");
      try {
        if (bind == null) {
          return stdio(stdout, inbound, all, mapper, err, via);
        }
        return http(bind, token, inbound, all, mapper, err, via);
      } finally {
        // while the session can still send CANCEL
        calls.cancelAll();
      }
    } finally {
      System.setOut(stdout);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException | IllegalArgumentException e) {
        // shutting down, or never added
      }
    }
  }

  private int stdio(
      PrintStream stdout,
      Inbound inbound,
      List<SyncToolSpecification> tools,
      McpJsonMapper mapper,
      PrintWriter err,
      String via)
      throws InterruptedException {
    InputStream in = ((Ap2pCommand) spec.root().userObject()).stdin();
    OutputStream out = stdout;
    StdioPump pump = new StdioPump(in, out, inbound);
    McpSyncServer server =
        build(
            McpServer.sync(
                new StdioServerTransportProvider(
                    mapper, pump.stream(), out, Inbound.MAX_MESSAGE + 1024)),
            tools,
            mapper);
    err.println("ap2p: MCP server on stdio, delegating through " + via);
    err.flush();
    Thread reader = Thread.ofPlatform().name("ap2p-mcp-stdin").daemon().start(pump);
    reader.join();
    server.closeGracefully();
    return ExitCodes.OK;
  }

  private int http(
      InetSocketAddress bind,
      TokenFile token,
      Inbound inbound,
      List<SyncToolSpecification> tools,
      McpJsonMapper mapper,
      PrintWriter err,
      String via)
      throws Exception {
    try (HttpTransport transport =
        new HttpTransport(bind, token.token(), origins, inbound, mapper)) {
      McpSyncServer server = build(McpServer.sync(transport.provider), tools, mapper);
      int port;
      try {
        port = transport.start();
      } catch (IOException e) {
        throw new CliFailure("--http: cannot listen on " + http + ": " + e.getMessage());
      }
      String host = bind.getHostString().contains(":") ? "[::1]" : bind.getHostString();
      err.println(
          "ap2p: MCP over Streamable HTTP at http://"
              + host
              + ":"
              + port
              + HttpTransport.PATH
              + ", delegating through "
              + via);
      err.println(
          "ap2p: bearer token in "
              + token.path()
              + (token.temporary() ? " (this run only; deleted when the server stops)" : ""));
      err.flush();
      CountDownLatch forever = new CountDownLatch(1);
      try {
        forever.await();
      } finally {
        server.closeGracefully();
      }
      return ExitCodes.OK;
    }
  }

  /** The best provider of {@code tag} now, as a find match; null (with a warning) if none. */
  private static com.fasterxml.jackson.databind.JsonNode best(
      Session session, String tag, PrintWriter err) {
    com.fasterxml.jackson.databind.node.ObjectNode q =
        io.ap2p.core.wire.Json.MAPPER.createObjectNode().put("limit", 1);
    q.putArray("tags").add(tag);
    try {
      com.fasterxml.jackson.databind.JsonNode m = session.find(q).path("matches").path(0);
      if (m.isObject()) {
        return m;
      }
      err.println("ap2p: --expose " + tag + ": no provider now; its tool takes any input");
    } catch (CliFailure e) {
      err.println("ap2p: --expose " + tag + ": cannot find providers (" + e.getMessage() + ")");
    }
    return null;
  }

  private static McpSyncServer build(
      McpServer.SyncSpecification<?> spec,
      List<SyncToolSpecification> tools,
      McpJsonMapper mapper) {
    return spec.serverInfo("ap2p", Version.get())
        .jsonMapper(mapper)
        .instructions(
            "ap2p: a peer-to-peer network of agents' skills. find_capabilities first (by intent"
                + " or tag), then invoke_capability with a tag; results are verified by the"
                + " operator's policy (a call may ask only for a stricter one) before they are"
                + " returned.")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .tools(tools)
        .build();
  }

  private InetSocketAddress bind(String value) {
    int colon = value.lastIndexOf(':');
    if (colon < 1) {
      throw usage("--http: HOST:PORT, e.g. 127.0.0.1:8765 (got '" + value + "')");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
      throw usage(
          "--http: HOST must be a loopback address (127.0.0.1, localhost or [::1]); the MCP"
              + " server is for agents on this machine (got '"
              + host
              + "')");
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw usage("--http: PORT is 0 to 65535 (got '" + value.substring(colon + 1) + "')");
    }
    return new InetSocketAddress(host, port);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
