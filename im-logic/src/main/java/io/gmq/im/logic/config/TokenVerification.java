package io.gmq.im.logic.config;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.gmq.im.common.ClientTokens;
import io.gmq.im.common.ImSecurityConfig;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.config.JWTAuthContextInfoProvider;

/**
 * Bearer tokens on logic's HTTP API are verified as comets verify them (HS256 secret or RS256 keys).
 */
public class TokenVerification {

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    JWTAuthContextInfo contextInfo(ImSecurityConfig config, JWTAuthContextInfoProvider defaults) {
        return ClientTokens.contextInfo(config, defaults::getContextInfo);
    }
}
