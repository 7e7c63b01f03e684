/**
 * The node's web dashboard: pages, login and live events served on the local API's port, behind its
 * token or a session cookie (docs/dashboard.md).
 */
package io.ap2p.node.dashboard;
