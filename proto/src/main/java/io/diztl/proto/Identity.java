package io.diztl.proto;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A node's or tracker's key pair and self-signed certificate (ECDSA P-256), and the {@link
 * Fingerprint} derived from the certificate, which is its id on the network. {@link #loadOrCreate}
 * keeps them in a data folder as {@value #KEY_FILE} and {@value #CERTIFICATE_FILE} (PEM), readable
 * by the owner only.
 */
public final class Identity {

  /** The private key's file in a data folder (PKCS #8 PEM). */
  public static final String KEY_FILE = "identity-key.pem";

  /** The certificate's file in a data folder (PEM). */
  public static final String CERTIFICATE_FILE = "identity-cert.pem";

  /** Certificates never expire: a fingerprint, not a date, is what peers trust. */
  private static final Instant NOT_AFTER = Instant.parse("9999-12-31T23:59:59Z");

  private final PrivateKey privateKey;
  private final X509Certificate certificate;
  private final String id;

  private Identity(PrivateKey privateKey, X509Certificate certificate) {
    this.privateKey = privateKey;
    this.certificate = certificate;
    this.id = Fingerprint.of(certificate);
  }

  /** A new key pair and certificate, kept in memory only. */
  public static Identity generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=diztl");
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(63, new SecureRandom()).add(BigInteger.ONE),
              Date.from(now.minus(Duration.ofDays(1))),
              Date.from(NOT_AFTER),
              subject,
              pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      X509CertificateHolder holder =
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      return new Identity(
          pair.getPrivate(), new JcaX509CertificateConverter().getCertificate(holder));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot create an ECDSA P-256 certificate: " + e, e);
    }
  }

  /**
   * The identity kept in {@code dir}, created there (owner-only files) when the folder has none.
   *
   * @throws UncheckedIOException when the files cannot be read or written, or do not hold a key and
   *     certificate
   */
  public static Identity loadOrCreate(Path dir) {
    Objects.requireNonNull(dir, "dir");
    Path keyFile = dir.resolve(KEY_FILE);
    Path certificateFile = dir.resolve(CERTIFICATE_FILE);
    try {
      if (Files.exists(keyFile) && Files.exists(certificateFile)) {
        return new Identity(readKey(keyFile), readCertificate(certificateFile));
      }
      Identity created = generate();
      writeOwnerOnly(keyFile, pem(new JcaPKCS8Generator(created.privateKey, null)));
      writeOwnerOnly(certificateFile, pem(created.certificate));
      return created;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read or write the identity in "
              + dir
              + " ("
              + KEY_FILE
              + ", "
              + CERTIFICATE_FILE
              + "): "
              + e.getMessage(),
          e);
    }
  }

  /** The id: the certificate's {@link Fingerprint}. */
  public String id() {
    return id;
  }

  /** The self-signed certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  private static PrivateKey readKey(Path file) throws IOException {
    Object parsed = parse(file);
    if (!(parsed instanceof PrivateKeyInfo info)) {
      throw new IOException(file + " holds no PKCS #8 private key");
    }
    return new JcaPEMKeyConverter().getPrivateKey(info);
  }

  private static X509Certificate readCertificate(Path file) throws IOException {
    Object parsed = parse(file);
    if (!(parsed instanceof X509CertificateHolder holder)) {
      throw new IOException(file + " holds no certificate");
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (GeneralSecurityException e) {
      throw new IOException(file + " holds an unusable certificate: " + e.getMessage(), e);
    }
  }

  private static Object parse(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      return parser.readObject();
    }
  }

  private static String pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }

  /** Writes through a temporary file created owner-only, then moves it into place. */
  private static void writeOwnerOnly(Path file, String content) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
      Files.createFile(
          temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(temp, content, StandardCharsets.US_ASCII);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
