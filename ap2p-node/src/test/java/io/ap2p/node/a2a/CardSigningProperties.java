package io.ap2p.node.a2a;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.node.a2a.CardRejectedException.Reason;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of card signing over generated cards: every card ap2p signs verifies under the key
 * that signed it, after a round trip through JSON text; changing any signed string is caught; the
 * canonical form does not depend on member order.
 */
class CardSigningProperties {

  static final PrivateKey KEY = PrivateKey.fromSeed(Bytes.fromHex("07".repeat(32)));

  @Provide
  Arbitrary<ObjectNode> cards() {
    Arbitrary<String> text = Arbitraries.strings().ofMinLength(1).ofMaxLength(40);
    Arbitrary<ObjectNode> skill =
        Combinators.combine(text, text, text, text.list().ofMaxSize(3))
            .as(
                (id, name, description, tags) -> {
                  ObjectNode s = Json.MAPPER.createObjectNode();
                  s.put("id", id).put("name", name).put("description", description);
                  ArrayNode t = s.putArray("tags");
                  tags.forEach(t::add);
                  return s;
                });
    return Combinators.combine(text, text, skill.list().ofMinSize(1).ofMaxSize(4))
        .as(
            (name, version, skills) -> {
              ObjectNode c = Json.MAPPER.createObjectNode();
              c.put("name", name).put("version", version);
              c.putObject("capabilities").put("streaming", false);
              ArrayNode s = c.putArray("skills");
              skills.forEach(s::add);
              return c;
            });
  }

  @Property(tries = 200)
  void whatIsSignedVerifiesAfterARoundTrip(@ForAll("cards") ObjectNode card) throws Exception {
    ObjectNode signed = CardSigner.sign(card, KEY);
    byte[] text = Json.MAPPER.writeValueAsBytes(signed);
    assertThat(CardVerifier.verify(text, KEY.publicKey()).kid()).isEqualTo(KEY.peerId().toString());
  }

  @Property(tries = 200)
  void changingASignedSkillStringIsCaught(@ForAll("cards") ObjectNode card) throws Exception {
    ObjectNode signed = CardSigner.sign(card, KEY);
    ObjectNode skill = (ObjectNode) signed.get("skills").get(0);
    skill.put("description", skill.get("description").asText() + "!");
    try {
      CardVerifier.verify(Json.MAPPER.writeValueAsBytes(signed), KEY.publicKey());
      throw new AssertionError("a changed card verified");
    } catch (CardRejectedException e) {
      assertThat(e.reason()).isEqualTo(Reason.CARD_CHANGED);
    }
  }

  @Property(tries = 100)
  void memberOrderDoesNotMatter(@ForAll("cards") ObjectNode card) throws Exception {
    ObjectNode reversed = Json.MAPPER.createObjectNode();
    List<String> names = new java.util.ArrayList<>();
    card.fieldNames().forEachRemaining(names::add);
    java.util.Collections.reverse(names);
    names.forEach(n -> reversed.set(n, card.get(n)));
    assertThat(CardCanonical.of(reversed)).isEqualTo(CardCanonical.of(card));
  }
}
