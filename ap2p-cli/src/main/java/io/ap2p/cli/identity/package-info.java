/** CLI verbs of the identity plane: {@code ap2p key …}. */
package io.ap2p.cli.identity;
