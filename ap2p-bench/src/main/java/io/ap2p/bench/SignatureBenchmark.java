package io.ap2p.bench;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.identity.PublicKey;
import io.ap2p.core.identity.SignatureDomain;
import io.ap2p.core.wire.Bytes;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Ed25519 sign and verify per second: ours (BouncyCastle RFC 8032) against the JDK's provider, the
 * measurement behind choosing BouncyCastle.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SignatureBenchmark extends BenchBase {

  private PrivateKey key;
  private PublicKey pub;
  private Bytes message;
  private Bytes signature;
  private KeyPair jdkPair;
  private byte[] jdkSignature;
  private byte[] rawMessage;

  /** Fixed keys and a 1 KiB message, about a descriptor's size. */
  @Setup
  public void setup() throws Exception {
    byte[] seed = new byte[32];
    new SplittableRandom(1).nextBytes(seed);
    key = PrivateKey.fromSeed(Bytes.wrap(seed));
    pub = key.publicKey();
    rawMessage = new byte[1024];
    new SplittableRandom(2).nextBytes(rawMessage);
    message = Bytes.wrap(rawMessage);
    signature = key.sign(SignatureDomain.DESCRIPTOR, message);
    jdkPair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(jdkPair.getPrivate());
    s.update(rawMessage);
    jdkSignature = s.sign();
  }

  /** Our signer. */
  @Benchmark
  public Bytes ap2pSign() {
    return key.sign(SignatureDomain.DESCRIPTOR, message);
  }

  /** Our verifier. */
  @Benchmark
  public boolean ap2pVerify() throws Exception {
    pub.verify(SignatureDomain.DESCRIPTOR, message, signature);
    return true;
  }

  /** The JDK's SunEC signer. */
  @Benchmark
  public byte[] jdkSign() throws Exception {
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(jdkPair.getPrivate());
    s.update(rawMessage);
    return s.sign();
  }

  /** The JDK's SunEC verifier. */
  @Benchmark
  public boolean jdkVerify() throws Exception {
    Signature s = Signature.getInstance("Ed25519");
    s.initVerify(jdkPair.getPublic());
    s.update(rawMessage);
    return s.verify(jdkSignature);
  }
}
