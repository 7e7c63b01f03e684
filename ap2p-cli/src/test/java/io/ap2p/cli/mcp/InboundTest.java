package io.ap2p.cli.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.wire.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What reaches the SDK, what is answered here and what cancels a call. */
class InboundTest {

  final Calls calls = new Calls();
  final Inbound inbound = new Inbound(calls);

  Inbound.Verdict judge(String message) {
    return inbound.judge(message.getBytes(StandardCharsets.UTF_8), "s1");
  }

  static JsonNode error(Inbound.Verdict v) throws Exception {
    assertThat(v).isInstanceOf(Inbound.Reject.class);
    return Json.parse(((Inbound.Reject) v).error().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void hostileMessagesAreAnsweredWithJsonRpcErrors() throws Exception {
    assertThat(error(judge("not json")).path("error").path("code").asInt()).isEqualTo(-32700);
    assertThat(error(judge("{\"jsonrpc\":\"2.0\",\"id\":1,")).path("id").isNull()).isTrue();
    assertThat(error(judge("[1,2]")).path("error").path("message").asText()).contains("batches");
    assertThat(error(judge("42")).path("error").path("code").asInt()).isEqualTo(-32600);
    JsonNode wrongVersion = error(judge("{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"ping\"}"));
    assertThat(wrongVersion.path("id").asInt()).isEqualTo(7);
    assertThat(wrongVersion.path("error").path("message").asText()).contains("jsonrpc");
    assertThat(error(judge("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}")))
        .isNotNull();
    assertThat(error(judge("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}"))).isNotNull();
    assertThat(error(judge("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":[1]}")))
        .isNotNull();
    assertThat(error(judge("{\"jsonrpc\":\"2.0\",\"id\":1}")).path("id").asInt()).isEqualTo(1);
    assertThat(error(judge("{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"ping\"}")))
        .isNotNull();
    assertThat(error(judge("[".repeat(100) + "]".repeat(100)))).isNotNull();
  }

  @Test
  void aToolCallGetsItsKeyAndOthersPassAsTheyCame() throws Exception {
    String ping = "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"ping\"}";
    assertThat(((Inbound.Forward) judge(ping)).bytes())
        .isEqualTo(ping.getBytes(StandardCharsets.UTF_8));
    // a key sent by the client is overwritten: it cannot name another call
    Inbound.Verdict v =
        judge(
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"t\","
                + "\"_meta\":{\"io.ap2p/call\":\"s2 9\",\"progressToken\":1}}}");
    JsonNode m = Json.parse(((Inbound.Forward) v).bytes());
    assertThat(m.path("params").path("_meta").path("io.ap2p/call").asText()).isEqualTo("s1 3");
    assertThat(m.path("params").path("_meta").path("progressToken").asInt()).isEqualTo(1);
    String response = "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{}}";
    assertThat(judge(response)).isInstanceOf(Inbound.Forward.class);
  }

  @Test
  void aCancellationReachesItsCallOnlyInItsOwnSession() {
    AtomicInteger cancelled = new AtomicInteger();
    assertThat(calls.begin("s1 3")).isTrue();
    calls.attach("s1 3", cancelled::incrementAndGet);
    assertThat(
            inbound.judge(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":3}}"
                    .getBytes(StandardCharsets.UTF_8),
                "s2"))
        .isInstanceOf(Inbound.Taken.class);
    assertThat(cancelled).hasValue(0);
    judge(
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"3\"}}");
    assertThat(cancelled).hasValue(0);
    judge(
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":3}}");
    assertThat(cancelled).hasValue(1);
    calls.end("s1 3");
  }

  @Test
  void aCancellationThatOvertakesItsCallCancelsItAtStart() {
    judge(
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":4}}");
    AtomicInteger cancelled = new AtomicInteger();
    assertThat(calls.begin("s1 4")).isTrue();
    assertThat(calls.attach("s1 4", cancelled::incrementAndGet)).isTrue();
    assertThat(cancelled).hasValue(1);
    calls.end("s1 4");
  }

  @Test
  void atMostSixteenCallsRun() {
    for (int i = 0; i < Calls.MAX_RUNNING; i++) {
      assertThat(calls.begin("k" + i)).isTrue();
    }
    assertThat(calls.begin("one more")).isFalse();
    calls.end("k0");
    assertThat(calls.begin("one more")).isTrue();
  }

  @Test
  void theStdioPumpAnswersWhatTheSdkCannotTakeAndPassesTheRest() throws Exception {
    String big = "x".repeat(5000);
    String in =
        "\n  \r\n"
            + "garbage\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\r\n"
            + "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"id\":9,\"params\":{\"a\":\""
            + big
            + "\"}}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StdioPump pump =
        new StdioPump(
            new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)), out, inbound, 4096);
    Thread t = Thread.ofVirtual().start(pump);
    InputStream sdk = pump.stream();
    String passed = new String(sdk.readAllBytes(), StandardCharsets.UTF_8);
    t.join();
    assertThat(passed)
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}\n");
    List<JsonNode> answers = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      answers.add(Json.parse(line.getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(answers).hasSize(2);
    assertThat(answers.get(0).path("error").path("code").asInt()).isEqualTo(-32700);
    assertThat(answers.get(1).path("id").asInt()).isEqualTo(9);
    assertThat(answers.get(1).path("error").path("message").asText()).contains("32 MiB");
  }
}
