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
 * services that verify tokens produce their {@link JWTAuthContextInfo} from it.
 */
public final class ClientTokens {

    /** HS256 needs a key at least as long as the hash. */
    public static final int MIN_SECRET_BYTES = 32;

    private ClientTokens() {
    }

    public static JWTAuthContextInfo contextInfo(ImSecurityConfig config, Supplier<JWTAuthContextInfo> rs256) {
        return config.jwt().secret().map(secret -> {
            JWTAuthContextInfo info = new JWTAuthContextInfo(secretKey(secret), config.jwt().issuer());
            info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.HS256));
            return info;
        }).orElseGet(rs256);
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
