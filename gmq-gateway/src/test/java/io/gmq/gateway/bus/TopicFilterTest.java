package io.gmq.gateway.bus;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicFilterTest {

    @Test
    void singleLevelWildcard() {
        TopicFilter filter = new TopicFilter("sensors/+/temp");
        assertThat(filter.matches("sensors/room1/temp")).isTrue();
        assertThat(filter.matches("sensors/room1/humidity")).isFalse();
        assertThat(filter.matches("sensors/a/b/temp")).isFalse();
        assertThat(filter.matches("sensors/temp")).isFalse();
    }

    @Test
    void multiLevelWildcardIncludesTheParent() {
        TopicFilter filter = new TopicFilter("sport/#");
        assertThat(filter.matches("sport")).isTrue();
        assertThat(filter.matches("sport/tennis/player1")).isTrue();
        assertThat(filter.matches("sports")).isFalse();
        assertThat(new TopicFilter("#").matches("any/thing")).isTrue();
    }

    @Test
    void exactTopics() {
        assertThat(new TopicFilter("a/b").matches("a/b")).isTrue();
        assertThat(new TopicFilter("a/b").matches("a/b/c")).isFalse();
    }

    @Test
    void rejectsMisplacedWildcards() {
        assertThatThrownBy(() -> new TopicFilter("a/#/b")).hasMessageContaining("'#'");
        assertThatThrownBy(() -> new TopicFilter("a/b+")).hasMessageContaining("'+'");
    }
}
