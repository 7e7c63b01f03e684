package io.ap2p.core.execution.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ap2p.core.wire.Bytes;

/**
 * Task frames from a remote peer: every input decodes or is refused with a {@link
 * TaskFormatException}, and what decodes re-encodes to a frame that decodes the same.
 */
class TaskCodecFuzzTest {

  @FuzzTest(maxDuration = "8s")
  void decodeRefusesOrRoundTrips(byte[] input) throws TaskFormatException {
    TaskMessage m;
    try {
      m = TaskCodec.decode(Bytes.wrap(input), TaskLimits.PROTOCOL);
    } catch (TaskFormatException e) {
      return;
    }
    assertThat(TaskCodec.decode(TaskCodec.encode(m), TaskLimits.PROTOCOL)).isEqualTo(m);
  }
}
