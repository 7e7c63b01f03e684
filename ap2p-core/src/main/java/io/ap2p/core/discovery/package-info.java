/**
 * Semantic discovery plane, pure part: capability descriptors (content, JSON codec, signing,
 * validation with reasons) and the soft-state table that holds them until they expire.
 */
package io.ap2p.core.discovery;
