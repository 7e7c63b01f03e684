package io.ap2p.core.discovery;

import io.ap2p.core.wire.JsonText;

/**
 * The JSON Schemas of a capability's input and output, so it can be offered as an MCP tool.
 *
 * @param input the input schema
 * @param output the output schema
 */
public record IoSchemas(JsonText input, JsonText output) {}
