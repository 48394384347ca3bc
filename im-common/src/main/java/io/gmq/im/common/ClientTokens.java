package io.gmq.im.common;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Supplier;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;

/**
 * How the IM tiers verify client tokens: HS256 with {@code gmq.im.jwt.secret} when it is set (only HS256 is then
 * accepted), otherwise smallrye-jwt's own RS256/JWKS configuration ({@code mp.jwt.verify.*}). Not a bean: the
 * services that verify tokens produce their {@link JWTAuthContextInfo} from it. With {@code gmq.im.jwt.audience} set,
 * a token must also name that audience in {@code aud}.
 */
public final class ClientTokens {

    /** HS256 needs a key at least as long as the hash. */
    public static final int MIN_SECRET_BYTES = 32;

    private ClientTokens() {
    }

    public static JWTAuthContextInfo contextInfo(ImSecurityConfig config, Supplier<JWTAuthContextInfo> rs256) {
        JWTAuthContextInfo info = config.jwt().secret().map(secret -> {
            JWTAuthContextInfo hs256 = new JWTAuthContextInfo(secretKey(secret), config.jwt().issuer());
            hs256.setSignatureAlgorithm(Set.of(SignatureAlgorithm.HS256));
            return hs256;
        }).orElseGet(() -> new JWTAuthContextInfo(rs256.get()));
        // A copy for RS256: the provider's own instance stays as configured.
        config.jwt().audience().ifPresent(audience -> info.setExpectedAudience(Set.of(audience)));
        return info;
    }

    public static SecretKey secretKey(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("gmq.im.jwt.secret (IM_JWT_SECRET) must be at least " + MIN_SECRET_BYTES
                    + " bytes, it is " + bytes.length);
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }
}
