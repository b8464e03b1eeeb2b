package dev.spiffeboot.devagent;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Set;

import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/** Key generation and key file permissions for the dev agent. */
public final class Keys {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private Keys() {
    }

    /** A new ECDSA P-256 key pair. */
    static KeyPair newEcKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("cannot generate an EC P-256 key", ex);
        }
    }

    /** The key as a PEM {@code PRIVATE KEY} block (PKCS#8). */
    static String toPem(PrivateKey key) {
        StringWriter text = new StringWriter();
        try (PemWriter pem = new PemWriter(text)) {
            pem.writeObject(new PemObject("PRIVATE KEY", key.getEncoded()));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return text.toString();
    }

    /**
     * Reads an EC key from a PEM {@code PRIVATE KEY} block (PKCS#8).
     *
     * @throws GeneralSecurityException if the text holds no such key
     */
    static PrivateKey readEcPrivateKey(String pem) throws GeneralSecurityException {
        PemObject block;
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            block = reader.readPemObject();
        }
        catch (IOException ex) {
            throw new GeneralSecurityException("not PEM: " + ex.getMessage(), ex);
        }
        if (block == null || !"PRIVATE KEY".equals(block.getType())) {
            throw new GeneralSecurityException("no PEM PRIVATE KEY block");
        }
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(block.getContent()));
    }

    /**
     * Writes a file only its owner may read (a private key), created so from the start where the file system has
     * POSIX permissions.
     */
    public static void writeSecret(Path file, String content) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        catch (FileAlreadyExistsException ex) {
            restrictToOwner(file);
        }
        catch (UnsupportedOperationException ex) {
            // not a POSIX file system: the file is created below with the defaults
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
        catch (UnsupportedOperationException ex) {
            // not a POSIX file system: leave the defaults
        }
    }
}
