/**
 * Semantic discovery without special peers: a Kademlia DHT speaking the libp2p kad-dht wire format,
 * sans-I/O. Keys, k-buckets, the iterative lookup, provider records, the request handler, and the
 * keys of capability tags. The runtime (simulator or real node) moves the messages.
 */
package io.ap2p.core.discovery.kademlia;
