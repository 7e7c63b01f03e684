package io.ap2p.core.verdict;

/**
 * The judgment on one piece of peer input: accepted (with the value it yields), ignored (harmless
 * but not taken, such as a duplicate) or rejected (wrong, and counted against the sender). Reasons
 * are enum constants so they can feed metrics, reputation penalties and logs.
 *
 * @param <T> what accepted input yields
 */
public sealed interface Verdict<T> {

  /** A machine-readable reason; implemented by one enum per kind of input. */
  interface Reason {
    /** The constant's name, such as {@code EXPIRED}. */
    String name();
  }

  /** Whether the input was accepted. */
  default boolean isAccepted() {
    return this instanceof Accepted<T>;
  }

  /** The input was taken; {@code value} is what it yields. */
  record Accepted<T>(T value) implements Verdict<T> {
    /** Requires a value. */
    public Accepted {
      java.util.Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return "Accepted";
    }
  }

  /** The input was well-formed but not taken (duplicate, superseded); no penalty. */
  record Ignored<T>(Reason reason, String detail) implements Verdict<T> {
    @Override
    public String toString() {
      return "Ignored(" + reason.name() + ": " + detail + ")";
    }
  }

  /** The input was wrong; {@code reason} says how and {@code detail} says where. */
  record Rejected<T>(Reason reason, String detail) implements Verdict<T> {
    @Override
    public String toString() {
      return "Rejected(" + reason.name() + ": " + detail + ")";
    }
  }

  /** An accepted verdict. */
  static <T> Verdict<T> accept(T value) {
    return new Accepted<>(value);
  }

  /** An ignored verdict. */
  static <T> Verdict<T> ignore(Reason reason, String detail) {
    return new Ignored<>(reason, detail);
  }

  /** A rejected verdict. */
  static <T> Verdict<T> reject(Reason reason, String detail) {
    return new Rejected<>(reason, detail);
  }
}
