package io.ap2p.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapabilityStoreTest {

  @TempDir Path dir;
  Database db;
  CapabilityStore caps;

  @BeforeEach
  void open() {
    db = Database.open(dir);
    caps = db.capabilities();
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void putReplacesRemoveRemovesAllIsOrderedById() {
    caps.put("zeta", "{\"a\":1}", 10);
    caps.put("alpha", "{}", 11);
    caps.put("zeta", "{\"a\":2}", 12);
    assertThat(caps.all())
        .containsExactly(
            new StoredCapability("alpha", "{}", 11), new StoredCapability("zeta", "{\"a\":2}", 12));
    assertThat(caps.remove("alpha")).isTrue();
    assertThat(caps.remove("alpha")).isFalse();
    assertThat(caps.all()).extracting(StoredCapability::id).containsExactly("zeta");
  }

  @Test
  void configIsKeptToTheCharacter() {
    String json = "{\"intent\":\"résumé ✓ 𝄞\",\"nul\":\"a\\u0000b\",\"nl\":\"x\\ny\"}";
    caps.put("unicode", json, 1);
    assertThat(caps.all()).singleElement().extracting(StoredCapability::config).isEqualTo(json);
  }
}
