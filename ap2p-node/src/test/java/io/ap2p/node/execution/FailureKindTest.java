package io.ap2p.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureKindTest {

  @Test
  void eachDelegationFailureGetsItsKind() {
    assertThat(DelegatedRun.failureKind("canary answered wrongly by 12D3KooWabc"))
        .isEqualTo("canary");
    assertThat(DelegatedRun.failureKind("evidence rejected from 12D3KooWabc: Rejected[FORGED]"))
        .isEqualTo("receipt");
    assertThat(DelegatedRun.failureKind("12D3KooWabc timed out")).isEqualTo("timeout");
    assertThat(DelegatedRun.failureKind("12D3KooWabc failed: FAILED: boom")).isEqualTo("error");
    assertThat(DelegatedRun.failureKind("")).isEqualTo("error");
  }
}
