package io.ap2p.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Base58btc, base36 and base32 against known encodings and as round trips. */
class BaseNTest {

  @Test
  void knownBase58Vectors() throws Exception {
    // draft-msporny-base58 test vectors
    assertThat(BaseN.BASE58_BTC.encode(utf8("Hello World!"))).isEqualTo("2NEpo7TZRRrLZSi2U");
    assertThat(BaseN.BASE58_BTC.encode(utf8("The quick brown fox jumps over the lazy dog.")))
        .isEqualTo("USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z");
    assertThat(BaseN.BASE58_BTC.encode(Bytes.fromHex("0000287fb4cd"))).isEqualTo("11233QC4");
    assertThat(BaseN.BASE58_BTC.decode("11233QC4")).isEqualTo(Bytes.fromHex("0000287fb4cd"));
  }

  @Test
  void knownBase32Vector() throws Exception {
    // RFC 4648 §10, lower case and unpadded
    assertThat(Base32.encode(utf8("foobar"))).isEqualTo("mzxw6ytboi");
    assertThat(Base32.decode("MZXW6YTBOI")).isEqualTo(utf8("foobar"));
  }

  @Property(tries = 300)
  void roundTrips(@ForAll @Size(max = 80) byte[] data) throws Exception {
    Bytes b = Bytes.of(data);
    assertThat(BaseN.BASE58_BTC.decode(BaseN.BASE58_BTC.encode(b))).isEqualTo(b);
    assertThat(BaseN.BASE36.decode(BaseN.BASE36.encode(b))).isEqualTo(b);
    assertThat(Base32.decode(Base32.encode(b))).isEqualTo(b);
  }

  @Test
  void hostileTextIsRejected() {
    assertThatThrownBy(() -> BaseN.BASE58_BTC.decode("0OIl"))
        .isInstanceOf(WireFormatException.class);
    assertThatThrownBy(() -> BaseN.BASE58_BTC.decode("z".repeat(1000)))
        .hasMessageContaining("longer");
    assertThatThrownBy(() -> Base32.decode("a")).hasMessageContaining("tail");
    assertThatThrownBy(() -> Base32.decode("ab!")).hasMessageContaining("invalid");
    assertThatThrownBy(() -> Multibase.decode("")).hasMessageContaining("empty");
  }

  @Test
  void varintsAreMinimalAndBounded() throws Exception {
    byte[] enc = Varint.encode(300);
    assertThat(Varint.read(enc, 0, enc.length).value()).isEqualTo(300);
    assertThatThrownBy(() -> Varint.read(new byte[] {(byte) 0x80, 0x00}, 0, 2))
        .hasMessageContaining("minimally");
    assertThatThrownBy(() -> Varint.read(new byte[] {(byte) 0x80}, 0, 1))
        .hasMessageContaining("truncated");
    byte[] tooLong = new byte[12];
    java.util.Arrays.fill(tooLong, (byte) 0xFF);
    assertThatThrownBy(() -> Varint.read(tooLong, 0, tooLong.length))
        .hasMessageContaining("longer");
  }

  static Bytes utf8(String s) {
    return Bytes.wrap(s.getBytes(StandardCharsets.UTF_8));
  }
}
