package io.gmq.im.logic.service;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.gmq.im.common.ClientTokens;
import io.gmq.im.common.ImSecurityConfig;
import io.gmq.im.logic.config.LogicConfig;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Issues client tokens: subject = user id, groups = roles. HS256 with {@code gmq.im.jwt.secret} when it is set,
 * otherwise RS256 with the key at {@code smallrye.jwt.sign.key.location}; {@code aud} when an audience is configured.
 */
@ApplicationScoped
public class TokenIssuer {

    public static final String ADMIN_ROLE = "admin";
    public static final String USER_ROLE = "user";

    private final ImSecurityConfig security;
    private final LogicConfig config;

    public TokenIssuer(ImSecurityConfig security, LogicConfig config) {
        this.security = security;
        this.config = config;
    }

    public String issue(String user, boolean admin) {
        JwtClaimsBuilder claims = Jwt.issuer(security.jwt().issuer())
                .subject(user)
                .upn(user)
                .groups(admin ? Set.of(USER_ROLE, ADMIN_ROLE) : Set.of(USER_ROLE))
                .expiresIn(config.tokenTtl());
        security.jwt().audience().ifPresent(claims::audience);
        return security.jwt().secret()
                .map(secret -> claims.jws().algorithm(SignatureAlgorithm.HS256).sign(ClientTokens.secretKey(secret)))
                .orElseGet(claims::sign);
    }

    public long ttlSeconds() {
        return config.tokenTtl().toSeconds();
    }
}
