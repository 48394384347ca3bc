package io.gmq.gateway.security;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The role mapping {@code gmq.gateway.users.jwt-admin-group}: a JWT is admin exactly when its groups contain the
 * configured group; the token's own "admin" group counts for nothing; Basic users are left as they are.
 */
class JwtAdminRoleTest {

    private static SecurityIdentity jwt(String... groups) {
        Map<String, Object> claims = Map.of("sub", "ops", "groups", Set.of(groups));
        JsonWebToken token = new JsonWebToken() {
            @Override
            public String getName() {
                return "ops";
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String name) {
                return (T) claims.get(name);
            }
        };
        return QuarkusSecurityIdentity.builder().setPrincipal(token).addRoles(Set.of(groups)).build();
    }

    @Test
    void withAMappingOnlyThatGroupMakesAJwtAdmin() {
        JwtAdminRole mapping = new JwtAdminRole(Optional.of("gmq-ops"));
        SecurityIdentity ops = mapping.apply(jwt("gmq-ops", "user"));
        assertThat(ops.getRoles()).containsExactlyInAnyOrder("gmq-ops", "user", "admin");
        assertThat(ops.getPrincipal().getName()).isEqualTo("ops");
        assertThat(mapping.apply(jwt("admin", "user")).getRoles()).containsExactly("user");
    }

    @Test
    void withoutAMappingNoJwtIsAdmin() {
        JwtAdminRole none = new JwtAdminRole(Optional.of("  "));
        SecurityIdentity stripped = none.apply(jwt("admin", "publisher"));
        assertThat(stripped.hasRole("admin")).isFalse();
        assertThat(stripped.getRoles()).containsExactly("publisher");
        assertThat(stripped.getPrincipal()).isInstanceOf(JsonWebToken.class);
    }

    @Test
    void basicUsersKeepTheirRoles() {
        SecurityIdentity basic = QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal("admin"))
                .addRole("admin").build();
        assertThat(new JwtAdminRole(Optional.empty()).apply(basic)).isSameAs(basic);
    }
}
