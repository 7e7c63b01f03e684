/** Workflows as users write them: the workflow file format and its parser. */
package io.ap2p.node.execution.workflow;
