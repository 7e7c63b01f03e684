package io.ap2p.node.execution.handler;

import io.ap2p.core.wire.Bytes;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An HTTP response body read up to a limit: past it the subscription is cancelled (the connection
 * dropped) and the body completes as truncated, so a large or endless response costs at most the
 * limit in memory.
 */
final class CappedBody implements HttpResponse.BodySubscriber<CappedBody.Body> {

  /**
   * A body.
   *
   * @param bytes up to the limit
   * @param truncated whether more was sent
   */
  record Body(Bytes bytes, boolean truncated) {}

  private final long limit;
  private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
  private final CompletableFuture<Body> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  CappedBody(long limit) {
    this.limit = limit;
  }

  @Override
  public CompletionStage<Body> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      int n = b.remaining();
      if (buf.size() + (long) n > limit) {
        int keep = (int) (limit - buf.size());
        byte[] part = new byte[keep];
        b.get(part);
        buf.writeBytes(part);
        subscription.cancel();
        result.complete(new Body(Bytes.wrap(buf.toByteArray()), true));
        return;
      }
      byte[] all = new byte[n];
      b.get(all);
      buf.writeBytes(all);
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(new Body(Bytes.wrap(buf.toByteArray()), false));
  }
}
