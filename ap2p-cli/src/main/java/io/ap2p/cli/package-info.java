/** The {@code ap2p} command: entry point, exit codes and shared I/O for its verbs. */
package io.ap2p.cli;
