/** Node persistence: identity key files (and, later, the embedded database). */
package io.ap2p.node.store;
