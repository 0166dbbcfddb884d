package dev.detour.testkit.internal.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThrowawayCertificatesTest {

  @TempDir Path directory;

  @Test
  void serverCertificateCarriesTheRequestedNamesAndIsSignedByTheCa() throws Exception {
    ThrowawayCertificates.TlsFiles files =
        ThrowawayCertificates.write(
            directory, ThrowawayCertificates.DEFAULT_DNS_NAMES, List.of("127.0.0.1"));

    X509Certificate ca = read(files.caCertificate());
    X509Certificate server = read(files.serverCertificate());

    server.verify(ca.getPublicKey());
    ca.verify(ca.getPublicKey());
    server.checkValidity();
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(server.getBasicConstraints()).isEqualTo(-1);
    assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(server.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(
            List.of(2, "localhost"),
            List.of(2, "*.neon.test"),
            List.of(2, "neon.test"),
            List.of(7, "127.0.0.1"));
  }

  @Test
  void serverKeyIsOwnerOnlyAndMatchesTheCertificate() throws Exception {
    ThrowawayCertificates.TlsFiles files =
        ThrowawayCertificates.write(directory, List.of("localhost"), List.of());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.serverKey())))
        .isEqualTo("rw-------");
    String pem = Files.readString(files.serverKey());
    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
    PrivateKey key =
        KeyFactory.getInstance("EC")
            .generatePrivate(
                new PKCS8EncodedKeySpec(
                    Base64.getMimeDecoder()
                        .decode(pem.replaceAll("-----[A-Z ]+-----", "").trim())));

    byte[] data = "proof".getBytes();
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(data);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(read(files.serverCertificate()).getPublicKey());
    verifier.update(data);
    assertThat(verifier.verify(signature)).isTrue();
  }

  @Test
  void eachCallMakesANewCa() throws Exception {
    Path first = Files.createDirectory(directory.resolve("a"));
    Path second = Files.createDirectory(directory.resolve("b"));

    X509Certificate a =
        read(ThrowawayCertificates.write(first, List.of("x"), List.of()).caCertificate());
    X509Certificate b =
        read(ThrowawayCertificates.write(second, List.of("x"), List.of()).caCertificate());

    assertThat(a.getPublicKey()).isNotEqualTo(b.getPublicKey());
  }

  @Test
  void certificateWithoutAnyNameIsRejected() {
    assertThatThrownBy(() -> ThrowawayCertificates.write(directory, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "dnsNames: [], ipAddresses: [] (expected: at least one subject alternative name)");
  }

  private static X509Certificate read(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
