package io.gmq.im.logic.repository;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.gmq.im.logic.entity.ImUser;

/**
 * Which user ids exist, for the send path's recipient check: ids found in PostgreSQL are remembered (users are never
 * deleted, so a remembered id stays true), ids not found are asked again next time (a user may be created meanwhile).
 * A peer send to a known user costs no SQL.
 */
@ApplicationScoped
public class KnownUsers {

    /** About 100 bytes per id: at most ~10 MB of heap. */
    static final int REMEMBERED = 100_000;

    private final Cache<String, Boolean> known = Caffeine.newBuilder().maximumSize(REMEMBERED).build();

    /** The ids among {@code users} that are not users. */
    public Set<String> unknown(Set<String> users) {
        Set<String> missing = new HashSet<>();
        for (String user : users) {
            if (known.getIfPresent(user) == null) {
                missing.add(user);
            }
        }
        if (missing.isEmpty()) {
            return missing;
        }
        List<String> found = ImUser.find("select id from ImUser where id in ?1", missing).project(String.class)
                .list();
        found.forEach(user -> known.put(user, Boolean.TRUE));
        found.forEach(missing::remove);
        return missing;
    }
}
