package io.gmq.im.common;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Secrets every IM tier shares (prefix {@code gmq.im}); they come from the environment, never from a file in the
 * repository.
 */
@ConfigMapping(prefix = "gmq.im")
public interface ImSecurityConfig {

    /**
     * Shared secret on every internal gRPC call (comet ↔ logic ↔ push), in the {@code x-gmq-internal-secret}
     * metadata. Without it every internal call is refused.
     */
    Optional<String> internalSecret();

    /** JWT settings for client tokens. */
    Jwt jwt();

    interface Jwt {
        /** HS256 secret (at least 32 bytes) that signs and verifies client tokens; unset means RS256 keys. */
        Optional<String> secret();

        /** Issuer logic writes and comets require. */
        @WithDefault("gmq-im")
        String issuer();

        /**
         * Audience ({@code aud}) logic writes into the tokens it issues and every tier requires of a client token
         * (WebSocket upgrade, REST, public gRPC); unset: no audience is written or checked.
         */
        Optional<String> audience();
    }
}
