/** CLI verbs of the semantic discovery plane: {@code ap2p descriptor …}. */
package io.ap2p.cli.discovery;
