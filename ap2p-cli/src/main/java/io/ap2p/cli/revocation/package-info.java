/** CLI verbs of revocation: {@code ap2p key rotate|revoke}, {@code ap2p revoke …}. */
package io.ap2p.cli.revocation;
