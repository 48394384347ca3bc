package io.gmq.im.comet.config;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.gmq.im.common.ClientTokens;
import io.gmq.im.common.ImSecurityConfig;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.config.JWTAuthContextInfoProvider;

/**
 * WebSocket upgrades are authenticated with the tokens logic issues (HS256 secret or RS256 keys).
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
