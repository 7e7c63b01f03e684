/**
 * Local MCP servers' tools offered to the network: the {@code mcp} handler of the capabilities
 * file. {@link io.ap2p.node.execution.mcp.McpTools} starts each configured server (a command over
 * stdio, or a Streamable HTTP URL) with the official MCP Java SDK, publishes the chosen tools as
 * capabilities, serves invocations by calling them, and withdraws them while their server is down.
 * See {@code docs/mcp.md}.
 */
package io.ap2p.node.execution.mcp;
