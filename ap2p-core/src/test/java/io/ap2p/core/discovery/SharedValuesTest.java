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
    String a = new String(longString);
    String b = new String(longString);
    assertThat(SharedValues.string(a)).isSameAs(a);
    assertThat(SharedValues.string(b)).isSameAs(b); // a is not held, so b is not swapped for it
    String shortString = "z".repeat(SharedValues.MAX_CHARS);
    String c = new String(shortString);
    SharedValues.string(c);
    assertThat(SharedValues.string(new String(shortString))).isSameAs(c); // one that is held
  }

  @Test
  void anIntentCountsItsNameAndTagsTowardsTheSizeCap() {
    // 16 tags of 64 characters, a description that fills the rest of the cap with the name, no
    // examples: only the tags push it over, so it is held only if they are not counted
    ObjectNode t = Fixtures.template();
    ObjectNode intent = (ObjectNode) t.get("intent");
    intent.remove("examples");
    var tags = intent.putArray("tags");
    for (int i = 0; i < DescriptorJson.MAX_TAGS; i++) {
      tags.add(String.format("tag%02d.", i) + "x".repeat(CapabilityTag.MAX_LENGTH - 6));
    }
    String name = intent.get("name").textValue();
    intent.put("description", "d".repeat(SharedValues.MAX_PART_CHARS - name.length()));
    Intent first = decode(Fixtures.signed(Fixtures.key(1), t, Fixtures.T0)).descriptor().intent();
    Intent second = decode(Fixtures.signed(Fixtures.key(2), t, Fixtures.T0)).descriptor().intent();
    assertThat(second).isEqualTo(first).isNotSameAs(first);
    // at the cap exactly (name + description + one short tag), it is held
    intent.putArray("tags").add("a.b");
    intent.put("description", "e".repeat(SharedValues.MAX_PART_CHARS - name.length() - 3));
    Intent third = decode(Fixtures.signed(Fixtures.key(1), t, Fixtures.T0)).descriptor().intent();
    Intent fourth = decode(Fixtures.signed(Fixtures.key(2), t, Fixtures.T0)).descriptor().intent();
    assertThat(fourth).isSameAs(third);
  }

  @Test
  void aFloodOfDistinctValuesOnlyEvictsAndNeverChangesAValue() {
    // hostile input: far more distinct values than slots; each comes back equal to itself, and the
    // table holds at most SLOTS of them
    String early = SharedValues.string(new String("flood-early"));
    for (int i = 0; i < 20 * SharedValues.SLOTS; i++) {
      String s = "tag-" + i;
      assertThat(SharedValues.string(s)).isEqualTo(s);
      if (i % 256 == 0) {
        assertThat(SharedValues.held()).isLessThanOrEqualTo(SharedValues.SLOTS);
      }
    }
    assertThat(SharedValues.held()).isGreaterThan(SharedValues.SLOTS / 2); // the flood filled it
    // the early value was evicted: an equal one is no longer swapped for it
    String again = new String("flood-early");
    assertThat(SharedValues.string(again)).isSameAs(again).isNotSameAs(early);
    // and decoding after the flood still gives the signed values
    SignedDescriptor sd = Fixtures.signed(Fixtures.key(4), "image-gen", 8, Fixtures.T0, 60);
    assertThat(decode(sd).descriptor()).isEqualTo(sd.descriptor());
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
