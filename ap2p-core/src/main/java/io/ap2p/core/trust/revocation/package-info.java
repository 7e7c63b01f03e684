/** Signed revocations of descriptors and identities (key rotation, compromise) and their table. */
package io.ap2p.core.trust.revocation;
