package io.ap2p.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import java.time.Instant;

/**
 * Descriptor JSON as a registry or DHT peer receives it: every input gets a verdict with a reason,
 * never an exception. A second validator that takes every signature lets the fuzzer past the
 * signature into the time window, quota and field rules. The seed is a signed example descriptor.
 */
class DescriptorValidatorFuzzTest {

  private static final ManualClock CLOCK =
      new ManualClock(Instant.parse("2026-12-02T02:53:43Z").toEpochMilli());
  private static final DescriptorValidator REAL =
      new DescriptorValidator(CLOCK, DescriptorPolicy.DEFAULTS);
  private static final DescriptorValidator TRUSTING =
      new DescriptorValidator(CLOCK, DescriptorPolicy.DEFAULTS, (key, domain, payload, sig) -> {});

  @FuzzTest(maxDuration = "8s")
  @DictionaryEntries({
    "\"peer\"",
    "\"seq\"",
    "\"ttlSeconds\"",
    "\"issuedAt\"",
    "\"sig\"",
    "\"tags\"",
    "\"io\"",
    "\"constraints\"",
    "\"qos\"",
    "\"state\"",
    "\"schema\"",
    "\"intent\"",
    "\"addrs\"",
    "1e999",
    "-0",
    "[[[[[[[[",
    "{\"a\":{\"a\":{"
  })
  void validateNeverThrows(byte[] input) {
    Bytes json = Bytes.wrap(input);
    Verdict<SignedDescriptor> real = REAL.validate(json);
    Verdict<SignedDescriptor> trusting = TRUSTING.validate(json);
    assertThat(real).isNotNull();
    assertThat(trusting).isNotNull();
    if (real instanceof Verdict.Accepted<SignedDescriptor> a) {
      // what a real signature accepts, re-encoded, is accepted again and unchanged
      Verdict<SignedDescriptor> again = REAL.validate(a.value().toJsonBytes());
      assertThat(again).isInstanceOf(Verdict.Accepted.class);
      SignedDescriptor back = ((Verdict.Accepted<SignedDescriptor>) again).value();
      assertThat(back.canonical()).isEqualTo(a.value().canonical());
      assertThat(back.signature()).isEqualTo(a.value().signature());
    }
  }
}
