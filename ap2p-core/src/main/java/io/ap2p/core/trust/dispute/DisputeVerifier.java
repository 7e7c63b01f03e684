package io.ap2p.core.trust.dispute;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.identity.PublicKey;
import io.ap2p.core.identity.SignatureDomain;
import io.ap2p.core.identity.SignatureVerificationException;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.trust.ReceiptCodec;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.trust.Trace;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a dispute bundle offline, with nothing but the bundle: every signature in it (receipts,
 * attestations, descriptors) under the key its signer's peer id carries, and that the pieces agree
 * (the receipt's provider is the descriptor's peer; its task id, nonce, input digest and capability
 * are the requester's). It returns what each party signed, or refuses the bundle with the first
 * reason found. It judges no attestor as trusted: it says who countersigned.
 */
public final class DisputeVerifier {

  private DisputeVerifier() {}

  /**
   * The statements the bundle proves, one line each, in step order.
   *
   * @throws DisputeException the first reason the bundle is refused, naming the step
   */
  public static List<String> verify(DisputeBundle b) throws DisputeException {
    List<String> out = new ArrayList<>();
    out.add(
        "bundle "
            + DisputeBundle.FORMAT
            + " for task "
            + b.task()
            + ", "
            + b.steps().size()
            + " step(s), exported by "
            + b.exporter()
            + " (the exporter's own statements are not signed)");
    Set<Bytes> seen = new HashSet<>();
    for (DisputeBundle.Step s : b.steps()) {
      step(s, seen, out);
    }
    out.add("verified: every signature holds and the pieces agree");
    return out;
  }

  private static void step(DisputeBundle.Step s, Set<Bytes> seen, List<String> out)
      throws DisputeException {
    String at = "step " + s.step() + ": ";
    SignedReceipt r;
    try {
      r = ReceiptCodec.decode(s.receipt());
    } catch (WireFormatException | IllegalArgumentException e) {
      throw new DisputeException(DisputeException.Reason.BAD_RECEIPT, at + e.getMessage());
    }
    SignedReceipt.Body body = r.body();
    if (!seen.add(r.hash())) {
      throw new DisputeException(DisputeException.Reason.DUPLICATE, at + "the same receipt twice");
    }
    PublicKey key =
        body.provider()
            .publicKey()
            .orElseThrow(
                () ->
                    new DisputeException(
                        DisputeException.Reason.BAD_SIGNATURE,
                        at + "provider " + body.provider() + " carries no Ed25519 key"));
    if (!verifies(key, SignatureDomain.RECEIPT, body.encode(), r.signature())) {
      throw new DisputeException(
          DisputeException.Reason.BAD_SIGNATURE,
          at + "the receipt's signature does not verify under " + body.provider());
    }
    out.add(at);
    out.add(
        "  receipt signed by provider "
            + body.provider()
            + ": ran "
            + body.tool()
            + (body.version().isEmpty() ? "" : " " + body.version())
            + (body.capability().isEmpty() ? "" : " as capability " + body.capability())
            + " for task "
            + body.taskId());
    out.add(
        "    input sha256 "
            + body.inputDigest().toHex()
            + ", output sha256 "
            + body.outputDigest().toHex());
    out.add(
        "    from "
            + Instant.ofEpochMilli(body.startedAtMillis())
            + " to "
            + Instant.ofEpochMilli(body.finishedAtMillis())
            + ", nonce "
            + body.nonce().toHex()
            + ", chained to "
            + (body.previous().equals(SignedReceipt.GENESIS)
                ? "nothing (its first receipt)"
                : body.previous().toHex()));
    for (Trace.Entry e : body.trace().entries()) {
      out.add(
          "    trace: "
              + e.name()
              + (e.version().isEmpty() ? "" : " " + e.version())
              + (e.digest().length() == 0 ? "" : " sha256 " + e.digest().toHex()));
    }
    if (r.attestation().isPresent()) {
      SignedReceipt.Attestation a = r.attestation().get();
      Optional<PublicKey> ak = a.attestor().publicKey();
      if (ak.isEmpty()
          || !verifies(ak.get(), SignatureDomain.ATTESTATION, body.encode(), a.signature())) {
        throw new DisputeException(
            DisputeException.Reason.BAD_ATTESTATION,
            at + "the attestation by " + a.attestor() + " does not verify");
      }
      out.add("  attestation: " + a.attestor() + " countersigned the same receipt");
    }
    requesterRecords(s, body, at, out);
  }

  private static void requesterRecords(
      DisputeBundle.Step s, SignedReceipt.Body body, String at, List<String> out)
      throws DisputeException {
    if (s.descriptor().isPresent()) {
      SignedDescriptor d = descriptor(s.descriptor().get(), body, at);
      CapabilityDescriptor cd = d.descriptor();
      if (!cd.peer().equals(body.provider())) {
        throw new DisputeException(
            DisputeException.Reason.MISMATCH,
            at
                + "the receipt is signed by "
                + body.provider()
                + " but the descriptor chosen is "
                + cd.peer()
                + "'s");
      }
      if (!body.capability().isEmpty() && !body.capability().equals(cd.id())) {
        throw new DisputeException(
            DisputeException.Reason.MISMATCH,
            at + "the receipt is for capability " + body.capability() + ", not " + cd.id());
      }
      out.add(
          "  descriptor signed by "
              + cd.peer()
              + ": capability "
              + cd.id()
              + " seq "
              + cd.seq()
              + ", issued "
              + cd.issuedAt()
              + " for "
              + cd.ttlSeconds()
              + " s"
              + cd.constraints()
                  .price()
                  .map(p -> ", price " + p.amount() + " " + p.currency())
                  .orElse("")
              + (cd.state().version().isEmpty() ? "" : ", version " + cd.state().version()));
      if (!cd.state().version().isEmpty() && !cd.state().version().equals(body.version())) {
        out.add(
            "    note: the receipt names version "
                + body.version()
                + ", the descriptor announced "
                + cd.state().version());
      }
    }
    if (s.sentTaskId().isPresent() && !s.sentTaskId().get().equals(body.taskId())) {
      throw new DisputeException(
          DisputeException.Reason.MISMATCH,
          at + "the receipt is for task " + body.taskId() + ", not " + s.sentTaskId().get());
    }
    if (s.nonce().isPresent() && !s.nonce().get().equals(body.nonce())) {
      throw new DisputeException(
          DisputeException.Reason.MISMATCH, at + "the receipt answers another request's nonce");
    }
    if (s.requestDigest().isPresent() && !s.requestDigest().get().equals(body.inputDigest())) {
      throw new DisputeException(
          DisputeException.Reason.MISMATCH,
          at + "the receipt's input digest is not the digest of the request sent");
    }
    if (s.requestDigest().isPresent() || s.nonce().isPresent() || s.sentTaskId().isPresent()) {
      out.add(
          "  requester's records (unsigned): task id, nonce and request digest agree with the"
              + " receipt");
    }
  }

  /**
   * The descriptor, verified (signature and time window) as of the run's start: the requester chose
   * it just before, so it held then.
   */
  private static SignedDescriptor descriptor(Bytes json, SignedReceipt.Body body, String at)
      throws DisputeException {
    Verdict<SignedDescriptor> v =
        new DescriptorValidator(new ManualClock(body.startedAtMillis()), DescriptorPolicy.DEFAULTS)
            .validate(json);
    if (v instanceof Verdict.Accepted<SignedDescriptor> a) {
      return a.value();
    }
    throw new DisputeException(
        DisputeException.Reason.BAD_DESCRIPTOR,
        at + "the descriptor does not hold at the run's start: " + v);
  }

  private static boolean verifies(PublicKey key, SignatureDomain d, Bytes body, Bytes sig) {
    try {
      key.verify(d, body, sig);
      return true;
    } catch (SignatureVerificationException e) {
      return false;
    }
  }
}
