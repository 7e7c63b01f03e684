package io.ap2p.core.discovery;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Shares equal immutable parts of decoded descriptors: a registry or a requester holds thousands of
 * descriptors whose intents, schemas, states and attestor lists are the same values (every refresh
 * of a descriptor repeats its predecessor's; many providers announce one capability alike), and
 * each decode would otherwise keep its own copy of each.
 *
 * <p>A fixed table of {@value #SLOTS} slots, each holding the last value that hashed to it: a value
 * equal to a slot's is swapped for it, any other takes the slot. So it holds at most {@value
 * #SLOTS} values, each small (the decoder's limits bound most; {@link #MAX_CHARS} and {@link
 * #MAX_PART_CHARS} the rest), input that thrashes it only loses the sharing, and the values decoded
 * are equal to what they would be without it. Safe for concurrent decoders: the values are
 * immutable and a slot is read and written whole.
 *
 * <p>Parts are shared while decoding, before {@link DescriptorValidator} verifies the signature, so
 * unsigned or forged descriptors also take slots. What they can do is bounded: at most {@value
 * #SLOTS} values of at most {@link #MAX_PART_CHARS} characters of text each (an intent counts its
 * name, description, tags and examples) stay held, and a flood only evicts honest values (losing
 * the memory saving, never changing a value) until later decodes take the slots back.
 */
final class SharedValues {

  /** How many values are held at most. */
  static final int SLOTS = 4096;

  /** Longest string (and schema text) shared; longer ones are kept as decoded. */
  static final int MAX_CHARS = 256;

  /**
   * Most characters of text in a shared part other than a string: an intent's name, description,
   * tags and examples, the schema texts of an {@link IoSchemas}.
   */
  static final int MAX_PART_CHARS = 1024;

  private static final AtomicReferenceArray<Object> TABLE = new AtomicReferenceArray<>(SLOTS);

  private SharedValues() {}

  /**
   * A value equal to {@code value}: a held one when there is one, else {@code value} itself (which
   * is then held). {@code value} must be immutable with value equality.
   */
  static <T> T share(T value) {
    int h = value.hashCode();
    h ^= h >>> 16;
    h *= 0x9E3779B1; // spread the hash, so values differing in low bits use different slots
    int slot = (h ^ (h >>> 15)) & (SLOTS - 1);
    Object held = TABLE.get(slot);
    if (held != null && held.getClass() == value.getClass() && held.equals(value)) {
      @SuppressWarnings("unchecked")
      T same = (T) held;
      return same;
    }
    TABLE.set(slot, value);
    return value;
  }

  /** How many slots hold a value now (at most {@value #SLOTS}); for tests. */
  static int held() {
    int n = 0;
    for (int i = 0; i < SLOTS; i++) {
      if (TABLE.get(i) != null) {
        n++;
      }
    }
    return n;
  }

  /** {@link #share} for a string of at most {@link #MAX_CHARS} characters; others as they are. */
  static String string(String s) {
    return s.length() <= MAX_CHARS ? share(s) : s;
  }
}
