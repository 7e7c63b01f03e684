package io.ap2p.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SideEffect;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The query of {@code POST /v1/find}: every member bounded, each refusal naming its member. */
class FindEndpointTest {

  static Query query(String json) throws ApiException {
    return FindEndpoint.query(ApiJson.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void readsAFullQuery() throws Exception {
    Query q =
        query(
            "{\"text\":\"generate an image\",\"tags\":[\"image.generate\"],\"maxLatencyMs\":500,"
                + "\"maxPrice\":0.5,\"region\":\"eu\",\"maxSideEffect\":\"none\",\"minTier\":2,"
                + "\"limit\":3}");
    assertThat(q.text()).isEqualTo("generate an image");
    assertThat(q.tags()).hasSize(1);
    assertThat(q.limit()).isEqualTo(3);
    assertThat(q.maxSideEffect()).isEqualTo(SideEffect.NONE);
    assertThat(query("{\"tags\":[\"image.generate\"]}").limit()).isEqualTo(10);
  }

  @Test
  void refusesWhatIsOutOfBoundsNamingTheMember() {
    String[][] cases = {
      {"[]", "object"},
      {"{}", "text or tags"},
      {"{\"text\":\"x\",\"nope\":1}", "nope"},
      {"{\"text\":5}", "text"},
      {"{\"text\":\"" + "x".repeat(1025) + "\"}", "text"},
      {"{\"tags\":\"image.generate\"}", "tags"},
      {"{\"tags\":[\"Not A Tag\"]}", "tags"},
      {"{\"tags\":[" + "\"a.b\",".repeat(16) + "\"a.b\"]}", "tags"},
      {"{\"text\":\"x\",\"limit\":0}", "limit"},
      {"{\"text\":\"x\",\"limit\":101}", "limit"},
      {"{\"text\":\"x\",\"limit\":1.5}", "limit"},
      {"{\"text\":\"x\",\"minTier\":4}", "minTier"},
      {"{\"text\":\"x\",\"maxPrice\":-1}", "maxPrice"},
      {"{\"text\":\"x\",\"maxLatencyMs\":\"1s\"}", "maxLatencyMs"},
      {"{\"text\":\"x\",\"maxSideEffect\":\"some\"}", "maxSideEffect"},
      {"{\"text\":\"x\",\"region\":\"" + "r".repeat(65) + "\"}", "region"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> query(c[0]))
          .as(c[0])
          .isInstanceOf(ApiException.class)
          .hasMessageContaining(c[1])
          .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
    }
  }

  @Test
  void refusesALargeBodyAndOtherMethodsBeforeAskingAnyone() throws Exception {
    FindEndpoint endpoint = new FindEndpoint(null);
    byte[] big = new byte[FindEndpoint.MAX_BODY + 1];
    assertThat(endpoint.handle("POST", new ByteArrayInputStream(big), -1).status()).isEqualTo(413);
    assertThat(endpoint.handle("POST", new ByteArrayInputStream(new byte[0]), 1 << 20).status())
        .isEqualTo(413);
    assertThat(endpoint.handle("GET", new ByteArrayInputStream(new byte[0]), 0).status())
        .isEqualTo(405);
    assertThat(
            endpoint
                .handle("POST", new ByteArrayInputStream("{".getBytes(StandardCharsets.UTF_8)), 1)
                .status())
        .isEqualTo(400);
  }
}
