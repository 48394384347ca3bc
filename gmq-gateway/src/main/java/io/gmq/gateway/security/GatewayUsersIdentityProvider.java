package io.gmq.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.gmq.gateway.config.GatewayConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * HTTP Basic users of the gateway: {@code admin} (role admin) and {@code publisher} (role publisher), passwords from
 * the environment. A user whose password is unset does not exist, so its API stays locked.
 */
@ApplicationScoped
public class GatewayUsersIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private final GatewayConfig.Users users;

    public GatewayUsersIdentityProvider(GatewayConfig config) {
        this.users = config.users();
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        String user = request.getUsername();
        Optional<String> expected = switch (user) {
            case "admin" -> users.adminPassword();
            case "publisher" -> users.publisherPassword();
            default -> Optional.empty();
        };
        char[] given = request.getPassword().getPassword();
        if (expected.isEmpty() || !MessageDigest.isEqual(expected.get().getBytes(StandardCharsets.UTF_8),
                new String(given).getBytes(StandardCharsets.UTF_8))) {
            return Uni.createFrom().failure(new AuthenticationFailedException("bad user or password"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(user))
                .addRole(user).addCredential(request.getPassword()).build());
    }
}
