package io.gmq.im.comet;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 tokens signed with the test profile's secret, as logic would issue them.
 */
final class TestTokens {

    private static final String SECRET = "test-jwt-secret-of-at-least-32-bytes!";
    /** The test profile's gmq.im.jwt.audience. */
    static final String AUDIENCE = "gmq-im-test";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private TestTokens() {
    }

    /** A token for {@code user} that expires {@code seconds} from now. */
    static String expiringIn(String user, long seconds) throws Exception {
        return expiringAt(user, System.currentTimeMillis() / 1000 + seconds);
    }

    /** A token for {@code user} that expires at {@code exp} (epoch seconds), for the test profile's audience. */
    static String expiringAt(String user, long exp) throws Exception {
        return signed(user, exp, ",\"aud\":\"" + AUDIENCE + "\"");
    }

    /** A token as {@link #expiringIn} but with {@code audience} ("" for no aud claim). */
    static String forAudience(String user, String audience) throws Exception {
        return signed(user, System.currentTimeMillis() / 1000 + 600,
                audience.isEmpty() ? "" : ",\"aud\":\"" + audience + "\"");
    }

    private static String signed(String user, long exp, String aud) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String claims = "{\"iss\":\"gmq-im\",\"sub\":\"" + user + "\",\"upn\":\"" + user + "\",\"groups\":[\"user\"],"
                + "\"iat\":" + now + ",\"exp\":" + exp + aud + "}";
        String signingInput = part("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + part(claims);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String part(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
