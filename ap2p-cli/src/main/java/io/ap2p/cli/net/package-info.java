/**
 * The connectivity-plane commands: {@code ap2p node start}, {@code ap2p ping}, {@code ap2p
 * identify}.
 */
package io.ap2p.cli.net;
