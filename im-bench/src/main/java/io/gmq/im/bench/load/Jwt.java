package io.gmq.im.bench.load;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints the HS256 user tokens the comet accepts (issuer, subject and groups as logic's login issues them), so the
 * bench needs no login round trip per client.
 */
public final class Jwt {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = part("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");

    private final SecretKeySpec key;
    private final String issuer;

    public Jwt(String secret, String issuer) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.issuer = issuer;
    }

    /** A user (not admin) token for {@code user}, valid for two hours. */
    public String token(String user) {
        long now = System.currentTimeMillis() / 1000;
        String claims = "{\"iss\":\"" + issuer + "\",\"sub\":\"" + user + "\",\"upn\":\"" + user
                + "\",\"groups\":[\"user\"],\"iat\":" + now + ",\"exp\":" + (now + 7200) + "}";
        String signingInput = HEADER + "." + part(claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String part(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
