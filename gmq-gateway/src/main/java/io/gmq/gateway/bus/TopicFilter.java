package io.gmq.gateway.bus;

/**
 * A subscription pattern with MQTT wildcards: {@code +} matches one level, a trailing {@code #} matches any number
 * of levels (including none). Levels are separated by {@code /}. Matching walks the topic once without allocating:
 * it runs for every subscriber on every publish.
 */
public final class TopicFilter {

    private final String pattern;
    private final String[] levels;

    public TopicFilter(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            throw new IllegalArgumentException("empty topic filter");
        }
        String[] split = pattern.split("/", -1);
        for (int i = 0; i < split.length; i++) {
            String level = split[i];
            if (level.contains("#") && (!level.equals("#") || i != split.length - 1)) {
                throw new IllegalArgumentException("'#' must be a whole last level in topic filter '" + pattern + "'");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new IllegalArgumentException("'+' must be a whole level in topic filter '" + pattern + "'");
            }
        }
        this.pattern = pattern;
        this.levels = split;
    }

    public String pattern() {
        return pattern;
    }

    public boolean matches(String topic) {
        int at = 0;
        int length = topic.length();
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.equals("#")) {
                return true;
            }
            if (at > length) {
                return false;
            }
            int end = topic.indexOf('/', at);
            if (end < 0) {
                end = length;
            }
            if (!level.equals("+")
                    && (end - at != level.length() || !topic.regionMatches(at, level, 0, level.length()))) {
                return false;
            }
            at = end + 1;
        }
        return at > length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopicFilter that && pattern.equals(that.pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
