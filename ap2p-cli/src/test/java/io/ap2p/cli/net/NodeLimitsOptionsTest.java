package io.ap2p.cli.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.net.host.HostLimits;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

class NodeLimitsOptionsTest {

  @Command(name = "t")
  static final class T {
    @Mixin NodeLimitsOptions limits = new NodeLimitsOptions();
    @Spec CommandSpec spec;
  }

  static HostLimits parse(String... args) {
    T t = new T();
    new CommandLine(t).parseArgs(args);
    return t.limits.apply(t.spec, HostLimits.DEFAULTS);
  }

  @Test
  void noFlagsKeepTheDefaultsAndEachFlagSetsItsLimit() {
    assertThat(parse()).isEqualTo(HostLimits.DEFAULTS);
    HostLimits l =
        parse(
            "--max-connections", "100",
            "--max-pending-handshakes", "32",
            "--max-connections-per-ip", "64",
            "--max-buffered-mib", "8");
    assertThat(l.maxConnections()).isEqualTo(100);
    assertThat(l.maxPendingHandshakes()).isEqualTo(32);
    assertThat(l.resources().maxInboundConnectionsPerIp()).isEqualTo(64);
    assertThat(l.resources().maxBufferedBytes()).isEqualTo(8L << 20);
  }

  @Test
  void outOfRangeOrMalformedValuesAreRefusedNamingTheFlag() {
    for (String flag :
        new String[] {
          "--max-connections",
          "--max-pending-handshakes",
          "--max-connections-per-ip",
          "--max-buffered-mib"
        }) {
      for (String bad : new String[] {"0", "-1", "2147483647"}) {
        assertThatThrownBy(() -> parse(flag, bad))
            .isInstanceOf(ParameterException.class)
            .hasMessageContaining(flag);
      }
      for (String bad : new String[] {"abc", "", "1e3", "99999999999"}) {
        assertThatThrownBy(() -> parse(flag, bad))
            .isInstanceOf(ParameterException.class)
            .hasMessageContaining(flag);
      }
    }
  }
}
