/**
 * Matching and ranking (semantic discovery plane, pure): a hard constraint filter, intent relevance
 * from taxonomy tags (exact beats parent) and free text, and a ranking that mixes the provider's
 * claimed QoS with the requester's own trust in it. Every match explains itself.
 *
 * <p>Text relevance is BM25 written here rather than Lucene: each query ranks a small candidate set
 * (what a registry or a DHT lookup returned, at most a few thousand descriptors), core must stay
 * pure and deterministic (the simulator replays rankings bit for bit), and an index library would
 * bring threads, files and a large dependency for no measurable gain at that size.
 */
package io.ap2p.core.discovery.matching;
