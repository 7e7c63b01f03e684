package io.ap2p.node.discovery;

import io.ap2p.core.discovery.registry.RegistryCodec;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.net.runtime.RequestResponse;
import io.ap2p.net.runtime.WireCodec;
import java.time.Duration;

/** {@code /ap2p/registry/1.0.0}: one request, one answer per stream, in ap2p-core's codec. */
public final class RegistryProtocol {

  /** The codec, with its 1 MiB message limit. */
  public static final WireCodec<RegistryMessage> CODEC =
      WireCodec.of(RegistryCodec::encode, RegistryCodec::decode, RegistryCodec.MAX_MESSAGE);

  /** The protocol, with a 10 s limit on each side's message. */
  public static final RequestResponse<RegistryMessage, RegistryMessage> PROTOCOL =
      new RequestResponse<>(RegistryCodec.PROTOCOL, CODEC, CODEC, Duration.ofSeconds(10));

  private RegistryProtocol() {}
}
