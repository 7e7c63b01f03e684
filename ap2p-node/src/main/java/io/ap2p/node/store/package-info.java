/**
 * Node persistence: identity key files ({@link io.ap2p.node.store.KeyFiles}) and the embedded
 * SQLite database ({@link io.ap2p.node.store.Database}) with its stores of capabilities served,
 * tasks, receipts and outcomes: the data that must survive restarts and crashes.
 */
package io.ap2p.node.store;
