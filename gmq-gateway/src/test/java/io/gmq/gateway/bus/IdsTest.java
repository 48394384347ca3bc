package io.gmq.gateway.bus;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.gmq.common.id.Ids;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {

    @Test
    void uniqueAndSortedInCreationOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(Ids.next());
        }
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        assertThat(ids).isSorted();
        assertThat(ids.get(0)).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]{26}");
    }
}
