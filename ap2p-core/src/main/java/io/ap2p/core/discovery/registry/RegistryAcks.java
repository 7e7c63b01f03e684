package io.ap2p.core.discovery.registry;

import io.ap2p.core.verdict.Verdict;

/** How a registry's verdicts on registrations and withdrawals become {@code Ack}s. */
final class RegistryAcks {

  private RegistryAcks() {}

  /** The Ack for {@code v}; {@code expiresAt} is sent only with an acceptance. */
  static RegistryMessage.Ack of(Verdict<?> v, long expiresAt) {
    return switch (v) {
      case Verdict.Accepted<?> a ->
          new RegistryMessage.Ack(
              RegistryMessage.Status.ACCEPTED, String.valueOf(a.value()), "", expiresAt);
      case Verdict.Ignored<?> i ->
          new RegistryMessage.Ack(
              RegistryMessage.Status.IGNORED, i.reason().name(), clip(i.detail()), 0);
      case Verdict.Rejected<?> r ->
          new RegistryMessage.Ack(
              RegistryMessage.Status.REJECTED, r.reason().name(), clip(r.detail()), 0);
    };
  }

  static String clip(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200);
  }
}
