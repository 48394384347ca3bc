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

    /** The allocation-free matcher agrees with the plain split-and-compare definition on generated filters/topics. */
    @org.junit.jupiter.api.Test
    void agreesWithTheSplitDefinition() {
        java.util.Random random = new java.util.Random(42);
        String[] words = { "a", "b", "ab", "" };
        for (int n = 0; n < 20_000; n++) {
            StringBuilder filter = new StringBuilder();
            StringBuilder topic = new StringBuilder();
            int filterLevels = 1 + random.nextInt(4);
            for (int i = 0; i < filterLevels; i++) {
                int pick = random.nextInt(6);
                String level = pick == 4 ? "+" : pick == 5 && i == filterLevels - 1 ? "#" : words[random.nextInt(3)];
                filter.append(i == 0 ? "" : "/").append(level);
            }
            int topicLevels = 1 + random.nextInt(5);
            for (int i = 0; i < topicLevels; i++) {
                topic.append(i == 0 ? "" : "/").append(words[random.nextInt(words.length)]);
            }
            TopicFilter compiled = new TopicFilter(filter.toString());
            assertThat(compiled.matches(topic.toString())).as("%s ~ %s", filter, topic)
                    .isEqualTo(splitMatches(filter.toString(), topic.toString()));
        }
    }

    private static boolean splitMatches(String pattern, String topic) {
        String[] filter = pattern.split("/", -1);
        String[] levels = topic.split("/", -1);
        for (int i = 0; i < filter.length; i++) {
            if (filter[i].equals("#")) {
                return true;
            }
            if (i >= levels.length || !(filter[i].equals("+") || filter[i].equals(levels[i]))) {
                return false;
            }
        }
        return filter.length == levels.length;
    }
}
