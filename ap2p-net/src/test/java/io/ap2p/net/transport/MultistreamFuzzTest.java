package io.ap2p.net.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * multistream-select as the listener, fed whatever a dialer sends: it agrees on a supported
 * protocol or fails with an {@link IOException}, and never writes more than its bounded answers.
 */
class MultistreamFuzzTest {

  private static final List<String> SUPPORTED = List.of("/noise", "/yamux/1.0.0");

  @FuzzTest(maxDuration = "8s")
  @DictionaryEntries({"/multistream/1.0.0", "/noise", "/yamux/1.0.0", "ls", "na"})
  void acceptAgreesOrFails(byte[] input) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      String agreed =
          Multistream.accept(new ByteArrayInputStream(input), out, SUPPORTED::contains, SUPPORTED);
      assertThat(SUPPORTED).contains(agreed);
    } catch (IOException e) {
      // refused: what the dialer sees is the connection closing
    }
    // header + at most MAX_ROUNDS answers, each bounded by the listing
    assertThat(out.size()).isLessThanOrEqualTo((Multistream.MAX_ROUNDS + 1) * 64);
  }
}
