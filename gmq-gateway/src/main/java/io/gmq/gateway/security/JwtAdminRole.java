package io.gmq.gateway.security;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.gmq.gateway.config.GatewayConfig;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Decides whether a bearer JWT carries the gateway's {@code admin} role: only when its groups contain
 * {@code gmq.gateway.users.jwt-admin-group} (unset by default, so only the HTTP Basic user admin is admin).
 */
@ApplicationScoped
public class JwtAdminRole implements SecurityIdentityAugmentor {

    static final String ADMIN = "admin";

    private final Optional<String> adminGroup;

    @Inject
    public JwtAdminRole(GatewayConfig config) {
        this(config.users().jwtAdminGroup());
    }

    JwtAdminRole(Optional<String> adminGroup) {
        this.adminGroup = adminGroup.map(String::strip).filter(g -> !g.isEmpty());
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return Uni.createFrom().item(apply(identity));
    }

    /**
     * Tokens the gateway accepts are issued for other purposes too (the IM tiers put IM admins in group "admin"), so a
     * token's own "admin" group must not open the gateway's admin API.
     */
    SecurityIdentity apply(SecurityIdentity identity) {
        if (!(identity.getPrincipal() instanceof JsonWebToken)) {
            return identity;
        }
        boolean admin = adminGroup.isPresent() && identity.getRoles().contains(adminGroup.get());
        if (admin == identity.hasRole(ADMIN)) {
            return identity;
        }
        if (admin) {
            return QuarkusSecurityIdentity.builder(identity).addRole(ADMIN).build();
        }
        // The builder cannot remove a role: rebuild the identity without it, keeping everything else.
        QuarkusSecurityIdentity.Builder without = QuarkusSecurityIdentity.builder().setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials()).addAttributes(identity.getAttributes())
                .addPermissionChecker(identity::checkPermission);
        identity.getRoles().stream().filter(role -> !role.equals(ADMIN)).forEach(without::addRole);
        return without.build();
    }
}
