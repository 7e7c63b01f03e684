package io.ap2p.node.dashboard;

import io.ap2p.core.time.Clock;
import io.ap2p.core.wire.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Dashboard logins: one-time login codes (what {@code node start} and {@code ap2p dashboard} print,
 * each good once, for {@value #CODE_TTL_MILLIS} ms) and the browser sessions they open (a random id
 * in an HttpOnly, SameSite=Strict cookie, good for {@value #SESSION_TTL_MILLIS} ms). At most
 * {@value #MAX_CODES} codes and {@value #MAX_SESSIONS} sessions are held; the oldest goes first.
 * Everything is in memory: a restarted node forgets its sessions.
 */
public final class Sessions {

  /** The session cookie's name. */
  public static final String COOKIE = "ap2p_dash";

  static final long CODE_TTL_MILLIS = 10 * 60_000L;
  static final long SESSION_TTL_MILLIS = 12 * 3_600_000L;
  static final int MAX_CODES = 16;
  static final int MAX_SESSIONS = 64;

  /** Longest code or session id looked up (both are 64 hex digits). */
  static final int MAX_SECRET = 64;

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Long> codes = new LinkedHashMap<>();
  private final Map<String, Long> sessions = new LinkedHashMap<>();

  /** Sessions timed by {@code clock}. */
  public Sessions(Clock clock) {
    this.clock = clock;
  }

  /** A new one-time login code. */
  public synchronized String newCode() {
    String code = secret();
    put(codes, code, clock.millis() + CODE_TTL_MILLIS, MAX_CODES);
    return code;
  }

  /** Uses up {@code code}: a new session id if the code was good and unused, else empty. */
  public synchronized Optional<String> redeem(String code) {
    if (code == null || code.length() != MAX_SECRET) {
      return Optional.empty();
    }
    Optional<String> key = lookup(codes, code);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    codes.remove(key.get());
    return Optional.of(open());
  }

  /** A new session (after a login with the API token). */
  public synchronized String open() {
    String id = secret();
    put(sessions, id, clock.millis() + SESSION_TTL_MILLIS, MAX_SESSIONS);
    return id;
  }

  /** Whether {@code id} names a live session. */
  public synchronized boolean valid(String id) {
    return id != null && id.length() == MAX_SECRET && lookup(sessions, id).isPresent();
  }

  /** Ends the session {@code id}, if it is one. */
  public synchronized void close(String id) {
    if (id != null) {
      lookup(sessions, id).ifPresent(sessions::remove);
    }
  }

  /** The key equal to {@code candidate}, compared in constant time, if live. */
  private Optional<String> lookup(Map<String, Long> map, String candidate) {
    long now = clock.millis();
    map.values().removeIf(expiry -> expiry <= now);
    byte[] c = candidate.getBytes(StandardCharsets.UTF_8);
    String found = null;
    for (String k : map.keySet()) {
      if (MessageDigest.isEqual(k.getBytes(StandardCharsets.UTF_8), c)) {
        found = k;
      }
    }
    return Optional.ofNullable(found);
  }

  private static void put(Map<String, Long> map, String key, long expiry, int max) {
    map.put(key, expiry);
    Iterator<String> oldest = map.keySet().iterator();
    while (map.size() > max) {
      oldest.next();
      oldest.remove();
    }
  }

  private String secret() {
    byte[] b = new byte[MAX_SECRET / 2];
    random.nextBytes(b);
    return Bytes.wrap(b).toHex();
  }
}
