package io.ap2p.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Decoded descriptors share equal parts, boundedly, and decode to the same values as before. */
class SharedValuesTest {

  final ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli() + 1_000);
  final DescriptorValidator validator = new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS);

  SignedDescriptor decode(SignedDescriptor sd) {
    return ((Verdict.Accepted<SignedDescriptor>) validator.validate(sd.toJsonBytes())).value();
  }

  @Test
  void twoDecodesOfAlikeDescriptorsShareTheirParts() {
    SignedDescriptor a = decode(Fixtures.signed(Fixtures.key(1), "image-gen", 5, Fixtures.T0, 60));
    SignedDescriptor b = decode(Fixtures.signed(Fixtures.key(2), "image-gen", 6, Fixtures.T0, 60));
    CapabilityDescriptor da = a.descriptor();
    CapabilityDescriptor db = b.descriptor();
    assertThat(db.intent()).isSameAs(da.intent());
    assertThat(db.io()).isSameAs(da.io());
    assertThat(db.constraints()).isSameAs(da.constraints());
    assertThat(db.state()).isSameAs(da.state());
    assertThat(db.verification()).isSameAs(da.verification());
    assertThat(db.id()).isSameAs(da.id());
    // and the decoded values are those signed
    assertThat(da)
        .isEqualTo(Fixtures.signed(Fixtures.key(1), "image-gen", 5, Fixtures.T0, 60).descriptor());
  }

  @Test
  void aLongIntentOrStringIsNotHeld() {
    ObjectNode t = Fixtures.template();
    ((ObjectNode) t.get("intent")).put("description", "x".repeat(SharedValues.MAX_PART_CHARS + 1));
    Intent first = decode(Fixtures.signed(Fixtures.key(1), t, Fixtures.T0)).descriptor().intent();
    Intent second = decode(Fixtures.signed(Fixtures.key(2), t, Fixtures.T0)).descriptor().intent();
    assertThat(second).isEqualTo(first).isNotSameAs(first);
    assertThat(second.description()).isNotSameAs(first.description());
    String longString = "y".repeat(SharedValues.MAX_CHARS + 1);
    assertThat(SharedValues.string(new String(longString))).isNotSameAs(longString);
  }

  @Test
  void aFloodOfDistinctValuesOnlyEvictsAndNeverChangesAValue() {
    // hostile input: far more distinct values than slots; each comes back equal to itself, and the
    // table holds at most SLOTS of them
    for (int i = 0; i < 20 * SharedValues.SLOTS; i++) {
      String s = "tag-" + i;
      assertThat(SharedValues.string(s)).isEqualTo(s);
    }
    // values of other types that are equal as objects of different classes are never swapped
    assertThat(SharedValues.share(List.of("a"))).isEqualTo(List.of("a"));
    assertThat(SharedValues.share(new ArrayList<>(List.of("a")))).isInstanceOf(ArrayList.class);
    String kept = SharedValues.string(new String("kept-value"));
    assertThat(SharedValues.string(new String("kept-value"))).isSameAs(kept);
  }

  @Test
  void concurrentDecodersGetEqualValues() throws Exception {
    SignedDescriptor sd = Fixtures.signed(Fixtures.key(3), "image-gen", 7, Fixtures.T0, 60);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<CapabilityDescriptor>> all = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        all.add(pool.submit(() -> decode(sd).descriptor()));
      }
      for (Future<CapabilityDescriptor> f : all) {
        assertThat(f.get()).isEqualTo(sd.descriptor());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
