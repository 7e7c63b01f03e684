package io.ap2p.core.discovery.matching;

import io.ap2p.core.discovery.SignedDescriptor;

/** One ranked answer to a query: the descriptor and why it ranks where it does. */
public record Match(SignedDescriptor descriptor, ScoreBreakdown score) {}
