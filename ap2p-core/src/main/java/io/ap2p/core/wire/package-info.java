/**
 * Encodings shared by every plane: immutable bytes, varints, multibase alphabets and the RFC 8785
 * canonical JSON form that signatures cover.
 */
package io.ap2p.core.wire;
