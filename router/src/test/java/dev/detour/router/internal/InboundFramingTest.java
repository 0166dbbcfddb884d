package dev.detour.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InboundFramingTest {

  /** A stream of bytes and the positions (byte counts) at which a TLS record ends or begins. */
  private record Stream(byte[] bytes, BitSet boundaries) {}

  private static byte[] record(int type, int length, Random random) {
    byte[] r = new byte[5 + length];
    r[0] = (byte) type;
    r[1] = 3;
    r[2] = (byte) (random.nextBoolean() ? 3 : 1);
    r[3] = (byte) (length >>> 8);
    r[4] = (byte) length;
    for (int i = 5; i < r.length; i++) {
      // bodies full of bytes that look like headers, 'S' and 'N', to catch any re-parsing
      r[i] = (byte) new int[] {22, 23, 3, 'S', 'N', 0x40, 0xFF}[random.nextInt(7)];
    }
    return r;
  }

  /** {@code prefix}, then {@code records} random TLS records; boundaries from the prefix's end. */
  private static Stream tls(byte[] prefix, int records, Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BitSet boundaries = new BitSet();
    out.write(prefix, 0, prefix.length);
    boundaries.set(out.size());
    int[] types = {22, 20, 22, 23, 23, 23, 21};
    for (int i = 0; i < records; i++) {
      int length =
          switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 1 + random.nextInt(4);
            case 2 -> InboundFraming.MAX_RECORD_BODY;
            case 3 -> 7999 + 5 + random.nextInt(40); // a near-largest notification
            default -> random.nextInt(600);
          };
      byte[] r = record(types[random.nextInt(types.length)], length, random);
      out.write(r, 0, r.length);
      boundaries.set(out.size());
    }
    return new Stream(out.toByteArray(), boundaries);
  }

  /**
   * Feeds {@code s} in random chunks (some byte by byte through {@code consumed(int)}) and checks
   * {@code atBoundary()} after each one; before the prefix is all in, it must be false.
   */
  private static void feedAndCheck(Stream s, int prefixLength, Random random) {
    InboundFraming f = new InboundFraming();
    assertThat(f.atBoundary()).as("before any byte").isFalse();
    int pos = 0;
    while (pos < s.bytes().length) {
      int n;
      if (pos < prefixLength) {
        n = 1; // the answers to SSLRequest come one read each
      } else {
        n =
            switch (random.nextInt(5)) {
              case 0 -> 1;
              case 1 -> 1 + random.nextInt(6);
              case 2 -> s.boundaries().nextSetBit(pos + 1) - pos; // exactly to the next boundary
              default -> 1 + random.nextInt(20_000);
            };
        n = Math.min(n, s.bytes().length - pos);
      }
      if (n == 1 && random.nextBoolean()) {
        f.consumed(s.bytes()[pos]);
      } else {
        f.consumed(s.bytes(), pos, n);
      }
      pos += n;
      boolean expected = pos >= prefixLength && s.boundaries().get(pos);
      assertThat(f.atBoundary())
          .as("after %d of %d bytes", pos, s.bytes().length)
          .isEqualTo(expected);
    }
  }

  @Test
  void afterSslRequestTheBoundariesAreExactlyTheRecordEndsInAnyChunking() {
    Random random = new Random(11);
    for (int round = 0; round < 300; round++) {
      Stream s = tls(new byte[] {'S'}, 1 + random.nextInt(30), random);
      feedAndCheck(s, 1, random);
    }
  }

  @Test
  void aDeclinedGssRequestThenAnSslRequestIsFollowedToo() {
    Random random = new Random(12);
    for (int round = 0; round < 100; round++) {
      Stream s = tls(new byte[] {'N', 'S'}, 1 + random.nextInt(20), random);
      feedAndCheck(s, 2, random);
    }
  }

  @Test
  void directTlsIsFollowedFromTheFirstByte() {
    Random random = new Random(13);
    for (int round = 0; round < 100; round++) {
      Stream s = tls(new byte[0], 1 + random.nextInt(20), random);
      feedAndCheck(s, 0, random);
    }
  }

  @Test
  void plainTextIsABoundaryEverywhereOnceTheServerHasSpoken() {
    InboundFraming f = new InboundFraming();
    f.consumed('N'); // SSLRequest declined: still choosing
    assertThat(f.atBoundary()).isFalse();
    f.consumed(new byte[] {'R', 0, 0, 0, 8, 0, 0, 0}, 0, 3); // AuthenticationOk, in pieces
    assertThat(f.atBoundary()).isTrue();
    f.consumed(new byte[] {22, 3, 3, 0x40, 0}, 0, 5); // whatever follows stays plain
    assertThat(f.atBoundary()).isTrue();
    assertThat(f.tls()).isFalse();
  }

  @Test
  void aNoticeAsTheFirstMessageIsPlainText() {
    InboundFraming f = new InboundFraming();
    f.consumed(new byte[] {'N', 0, 0, 0, 10}, 0, 5);
    assertThat(f.atBoundary()).isTrue();
    assertThat(f.tls()).isFalse();
  }

  @Test
  void bytesAfterTheSInOneChunkAreNotFollowed() {
    InboundFraming f = new InboundFraming();
    f.consumed(new byte[] {'S', 22, 3, 3, 0, 0}, 0, 6);
    assertThat(f.atBoundary()).isFalse();
    f.consumed(new byte[] {22, 3, 3, 0, 0}, 0, 5);
    assertThat(f.atBoundary()).as("lost for good").isFalse();
  }

  @Test
  void gssEncryptionIsNotFollowed() {
    InboundFraming f = new InboundFraming();
    f.consumed('G');
    f.consumed(new byte[] {0, 0, 0, 0}, 0, 4);
    assertThat(f.atBoundary()).isFalse();
  }

  @Test
  void aHeaderThatDoesNotLookLikeTlsStopsTheFollowingForGood() {
    List<byte[]> bad = new ArrayList<>();
    bad.add(new byte[] {19, 3, 3, 0, 1}); // content type below 20
    bad.add(new byte[] {25, 3, 3, 0, 1}); // above 24
    bad.add(new byte[] {23, 2, 0, 0, 1}); // major version 2
    int tooLong = InboundFraming.MAX_RECORD_BODY + 1;
    bad.add(new byte[] {23, 3, 3, (byte) (tooLong >>> 8), (byte) tooLong});
    for (byte[] header : bad) {
      InboundFraming f = new InboundFraming();
      f.consumed('S');
      assertThat(f.atBoundary()).isTrue();
      f.consumed(header, 0, header.length);
      f.consumed(new byte[] {0}, 0, 1);
      assertThat(f.atBoundary()).isFalse();
      byte[] good = {23, 3, 3, 0, 0}; // an empty record: a boundary, were it still followed
      f.consumed(good, 0, good.length);
      assertThat(f.atBoundary()).as("lost for good").isFalse();
    }
  }

  @Test
  void aSkipStopsTheFollowingOfTlsForGoodButPlainTextStaysPlain() {
    InboundFraming f = new InboundFraming();
    f.consumed('S');
    f.lose();
    f.consumed(new byte[] {23, 3, 3, 0, 0}, 0, 5);
    assertThat(f.atBoundary()).isFalse();
    InboundFraming choosing = new InboundFraming();
    choosing.lose();
    choosing.consumed('R');
    assertThat(choosing.atBoundary()).as("lost before the server chose").isFalse();
    InboundFraming plain = new InboundFraming();
    plain.consumed('R');
    plain.lose(); // pgjdbc skipping the rest of a long message (COPY)
    assertThat(plain.atBoundary()).isTrue();
  }

  @Test
  void aPartHeaderOrBodyIsNotABoundary() {
    InboundFraming f = new InboundFraming();
    f.consumed('S');
    f.consumed(new byte[] {23, 3, 3, 0}, 0, 4);
    assertThat(f.atBoundary()).as("4 of 5 header bytes").isFalse();
    f.consumed(2);
    assertThat(f.atBoundary()).as("header in, body of 2 to come").isFalse();
    f.consumed(7);
    assertThat(f.atBoundary()).as("1 of 2 body bytes").isFalse();
    f.consumed(7);
    assertThat(f.atBoundary()).isTrue();
    assertThat(f.tls()).isTrue();
  }
}
