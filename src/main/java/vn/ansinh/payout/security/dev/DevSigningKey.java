package vn.ansinh.payout.security.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;

/**
 * DEV BUILDS ONLY. A throwaway RSA key pair made at each start: the public half is written where
 * the dev profile's {@code mp.jwt.verify.publickey.location} points, the private half stays in
 * memory to sign demo tokens. Nothing is committed and nothing survives a restart. Production
 * builds do not contain this class; they verify tokens from a real identity provider.
 */
@IfBuildProfile("dev")
@Startup
@ApplicationScoped
public class DevSigningKey {

    private final PrivateKey privateKey;

    public DevSigningKey(@ConfigProperty(name = "ansinh.dev.jwt.directory") Path directory) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(directory);
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            Files.writeString(directory.resolve("jwt-public.pem"), pem);
            this.privateKey = pair.getPrivate();
            Log.infof("dev token signing key generated; public key at %s", directory.resolve("jwt-public.pem"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PrivateKey privateKey() {
        return privateKey;
    }
}
