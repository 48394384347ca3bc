package io.gmq.im.logic;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.gmq.im.common.ClientTokens;
import io.gmq.im.common.ImSecurityConfig;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audience check is optional: without {@code gmq.im.jwt.audience} (IM_JWT_AUDIENCE) no audience is required,
 * with it exactly that one, for HS256 and RS256 alike (the RS256 provider's own settings are copied, not changed).
 */
class ClientTokensAudienceTest {

    @Test
    void noAudienceIsRequiredUnlessOneIsConfigured() {
        JWTAuthContextInfo rs256 = new JWTAuthContextInfo();
        assertThat(ClientTokens.contextInfo(config(Optional.of(secret()), Optional.empty()), () -> rs256)
                .getExpectedAudience()).isNull();
        assertThat(ClientTokens.contextInfo(config(Optional.empty(), Optional.empty()), () -> rs256)
                .getExpectedAudience()).isNull();

        assertThat(ClientTokens.contextInfo(config(Optional.of(secret()), Optional.of("chat")), () -> rs256)
                .getExpectedAudience()).containsExactly("chat");
        assertThat(ClientTokens.contextInfo(config(Optional.empty(), Optional.of("chat")), () -> rs256)
                .getExpectedAudience()).containsExactly("chat");
        assertThat(rs256.getExpectedAudience()).isNull();
    }

    private static String secret() {
        return "a-secret-of-at-least-thirty-two-bytes!";
    }

    private static ImSecurityConfig config(Optional<String> secret, Optional<String> audience) {
        ImSecurityConfig.Jwt jwt = new ImSecurityConfig.Jwt() {
            @Override
            public Optional<String> secret() {
                return secret;
            }

            @Override
            public String issuer() {
                return "gmq-im";
            }

            @Override
            public Optional<String> audience() {
                return audience;
            }
        };
        return new ImSecurityConfig() {
            @Override
            public Optional<String> internalSecret() {
                return Optional.empty();
            }

            @Override
            public Jwt jwt() {
                return jwt;
            }
        };
    }
}
