package io.ap2p.core.discovery;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import java.util.Optional;

/** Judges the JSON bytes of a signed descriptor, optionally claimed by an authenticated sender. */
public interface DescriptorCheck {

  /**
   * Accepts the descriptor when it is well-formed, signed by its peer, live now, and (when {@code
   * sender} is present) published by that peer; else the reason.
   */
  Verdict<SignedDescriptor> validate(Bytes json, Optional<PeerId> sender);
}
