package dev.detour.testkit.internal.pg;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Generates a throwaway certificate authority and a server certificate signed by it, both on EC
 * P-256 keys, and writes them as PEM files that PostgreSQL and pgjdbc read.
 *
 * <p>The certificates are valid from one hour ago (clock skew) for one day. The private keys never
 * leave memory except for the server key file, which is written with mode 0600 as PostgreSQL
 * requires. Stateless and thread-safe.
 */
public final class ThrowawayCertificates {

  /** The names a default server certificate is valid for. */
  public static final List<String> DEFAULT_DNS_NAMES =
      List.of("localhost", "*.neon.test", "neon.test");

  /** The IP address a default server certificate is valid for. */
  public static final String DEFAULT_IP = "127.0.0.1";

  private static final Duration VALIDITY = Duration.ofDays(1);
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ThrowawayCertificates() {}

  /** The files written by {@link #write}; every path is absolute. */
  public record TlsFiles(
      Path directory, Path caCertificate, Path serverCertificate, Path serverKey) {}

  /**
   * Writes {@code root.crt}, {@code server.crt} and {@code server.key} into {@code directory}.
   *
   * @param directory an existing directory
   * @param dnsNames the DNS subject alternative names of the server certificate
   * @param ipAddresses the IP subject alternative names of the server certificate
   * @return the absolute paths of the written files
   */
  public static TlsFiles write(Path directory, List<String> dnsNames, List<String> ipAddresses) {
    Objects.requireNonNull(directory, "directory");
    if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
      throw new IllegalArgumentException(
          "dnsNames: [], ipAddresses: [] (expected: at least one subject alternative name)");
    }
    try {
      Instant now = Instant.now();
      KeyPair caKeys = newKeyPair();
      X500Principal caName = new X500Principal("CN=Detour testkit throwaway CA");
      X509Certificate ca = caCertificate(caName, caKeys, now);

      KeyPair serverKeys = newKeyPair();
      X509Certificate server =
          serverCertificate(ca, caKeys, serverKeys, dnsNames, ipAddresses, now);

      Path dir = directory.toAbsolutePath();
      Path caFile = dir.resolve("root.crt");
      Path certFile = dir.resolve("server.crt");
      Path keyFile = dir.resolve("server.key");
      Files.writeString(caFile, pem(ca), StandardCharsets.US_ASCII);
      Files.writeString(certFile, pem(server), StandardCharsets.US_ASCII);
      writeOwnerOnly(keyFile, pemPkcs8(serverKeys));
      return new TlsFiles(dir, caFile, certFile, keyFile);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write throwaway certificates to " + directory, e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("could not generate throwaway certificates", e);
    }
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  private static X509Certificate caCertificate(X500Principal name, KeyPair keys, Instant now)
      throws GeneralSecurityException, OperatorCreationException, CertIOException {
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
                name, serial(), notBefore(now), notAfter(now), name, keys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
            .addExtension(
                Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
            .addExtension(
                Extension.subjectKeyIdentifier,
                false,
                extensions.createSubjectKeyIdentifier(keys.getPublic()));
    return sign(builder, keys);
  }

  private static X509Certificate serverCertificate(
      X509Certificate ca,
      KeyPair caKeys,
      KeyPair serverKeys,
      List<String> dnsNames,
      List<String> ipAddresses,
      Instant now)
      throws GeneralSecurityException, OperatorCreationException, CertIOException {
    GeneralName[] names = new GeneralName[dnsNames.size() + ipAddresses.size()];
    int i = 0;
    for (String dns : dnsNames) {
      names[i++] = new GeneralName(GeneralName.dNSName, dns);
    }
    for (String ip : ipAddresses) {
      names[i++] = new GeneralName(GeneralName.iPAddress, ip);
    }
    String commonName = dnsNames.isEmpty() ? ipAddresses.get(0) : dnsNames.get(0);
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
                ca,
                serial(),
                notBefore(now),
                notAfter(now),
                new X500Principal("CN=" + commonName),
                serverKeys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
            .addExtension(
                Extension.extendedKeyUsage,
                false,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
            .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
            .addExtension(
                Extension.subjectKeyIdentifier,
                false,
                extensions.createSubjectKeyIdentifier(serverKeys.getPublic()))
            .addExtension(
                Extension.authorityKeyIdentifier,
                false,
                extensions.createAuthorityKeyIdentifier(ca));
    return sign(builder, caKeys);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer.getPrivate())));
  }

  private static BigInteger serial() {
    return new BigInteger(64, RANDOM).add(BigInteger.ONE);
  }

  private static Date notBefore(Instant now) {
    return Date.from(now.minus(Duration.ofHours(1)));
  }

  private static Date notAfter(Instant now) {
    return Date.from(now.plus(VALIDITY));
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  private static String pemPkcs8(KeyPair keys) throws IOException {
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
    }
    return out.toString();
  }

  private static void writeOwnerOnly(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content, StandardCharsets.US_ASCII);
  }
}
