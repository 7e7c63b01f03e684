/** {@code ap2p mcp serve}: the network's skills as MCP tools, over stdio or Streamable HTTP. */
package io.ap2p.cli.mcp;
