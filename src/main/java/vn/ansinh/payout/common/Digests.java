package vn.ansinh.payout.common;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** SHA-256 and HMAC-SHA256, the two digests the service uses (file checksums, signatures, keyed hashes). */
public final class Digests {

    private Digests() {
    }

    /** A fresh SHA-256 digest, for content hashed as it streams. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of the bytes, lower-case hex. */
    public static String sha256Hex(byte[] content) {
        return HexFormat.of().formatHex(sha256().digest(content));
    }

    /** HMAC-SHA256 under the key, of the parts one after the other. */
    public static byte[] hmacSha256(String key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
