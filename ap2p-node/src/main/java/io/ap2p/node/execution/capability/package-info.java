/**
 * The capabilities file: which capabilities a node serves ({@link
 * io.ap2p.node.execution.capability.CapabilitySpec}: a descriptor template and a {@link
 * io.ap2p.node.execution.capability.HandlerSpec}), read strictly by {@link
 * io.ap2p.node.execution.capability.CapabilitiesFile}, and made into handlers by {@link
 * io.ap2p.node.execution.capability.Handlers}. See {@code docs/capabilities.md}.
 */
package io.ap2p.node.execution.capability;
