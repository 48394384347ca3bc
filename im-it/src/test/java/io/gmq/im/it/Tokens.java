package io.gmq.im.it;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hand-made JWTs for the refusal cases (forged, expired, wrong algorithm), built without the library the services
 * use so a shared bug cannot hide.
 */
final class Tokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {
    }

    static String hs256(String secret, String subject, long expiresAt) throws Exception {
        String signingInput = part("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + part(claims(subject, expiresAt));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    static String rs256(String subject, long expiresAt) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String signingInput = part("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + part(claims(subject, expiresAt));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(generator.generateKeyPair().getPrivate());
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + B64.encodeToString(signature.sign());
    }

    static String none(String subject, long expiresAt) {
        return part("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + part(claims(subject, expiresAt)) + ".";
    }

    static long inSeconds(long seconds) {
        return System.currentTimeMillis() / 1000 + seconds;
    }

    private static String claims(String subject, long expiresAt) {
        return "{\"iss\":\"gmq-im\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject + "\",\"groups\":[\"user\",\"admin\"],"
                + "\"iat\":" + (expiresAt - 7200) + ",\"exp\":" + expiresAt + "}";
    }

    private static String part(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
