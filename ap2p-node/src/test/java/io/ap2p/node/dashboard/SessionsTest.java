package io.ap2p.node.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Login codes are good once and for ten minutes; sessions expire; both are bounded in number. */
class SessionsTest {

  final ManualClock clock = new ManualClock(1_000_000);
  final Sessions sessions = new Sessions(clock);

  @Test
  void aCodeIsGoodOnce() {
    String code = sessions.newCode();
    String session = sessions.redeem(code).orElseThrow();
    assertThat(sessions.valid(session)).isTrue();
    assertThat(sessions.redeem(code)).isEmpty();
    sessions.close(session);
    assertThat(sessions.valid(session)).isFalse();
  }

  @Test
  void codesAndSessionsExpire() {
    String code = sessions.newCode();
    String session = sessions.open();
    clock.advance(Sessions.CODE_TTL_MILLIS);
    assertThat(sessions.redeem(code)).isEmpty();
    assertThat(sessions.valid(session)).isTrue();
    clock.advance(Sessions.SESSION_TTL_MILLIS);
    assertThat(sessions.valid(session)).isFalse();
  }

  @Test
  void forgedOrHostileValuesAreRefused() {
    String code = sessions.newCode();
    assertThat(sessions.redeem(null)).isEmpty();
    assertThat(sessions.redeem("")).isEmpty();
    assertThat(sessions.redeem(code.substring(1))).isEmpty();
    assertThat(sessions.redeem(code + "0")).isEmpty();
    assertThat(sessions.redeem(code.toUpperCase(java.util.Locale.ROOT))).isEmpty();
    assertThat(sessions.redeem("x".repeat(1 << 20))).isEmpty();
    // a code is not a session, nor a session a code
    assertThat(sessions.valid(code)).isFalse();
    String session = sessions.open();
    assertThat(sessions.redeem(session)).isEmpty();
    assertThat(sessions.redeem(code)).isPresent();
  }

  @Test
  void theOldestGoFirstBeyondTheLimits() {
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < Sessions.MAX_CODES + 1; i++) {
      codes.add(sessions.newCode());
    }
    assertThat(sessions.redeem(codes.get(0))).isEmpty();
    assertThat(sessions.redeem(codes.get(1))).isPresent();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < Sessions.MAX_SESSIONS + 1; i++) {
      ids.add(sessions.open());
    }
    assertThat(sessions.valid(ids.get(0))).isFalse();
    assertThat(sessions.valid(ids.get(ids.size() - 1))).isTrue();
  }
}
