package io.gmq.gateway.bus;

/**
 * A subscription pattern with MQTT wildcards: {@code +} matches one level, a trailing {@code #} matches any number
 * of levels (including none). Levels are separated by {@code /}.
 */
public record TopicFilter(String pattern) {

    public TopicFilter {
        if (pattern == null || pattern.isEmpty()) {
            throw new IllegalArgumentException("empty topic filter");
        }
        String[] levels = pattern.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw new IllegalArgumentException("'#' must be a whole last level in topic filter '" + pattern + "'");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new IllegalArgumentException("'+' must be a whole level in topic filter '" + pattern + "'");
            }
        }
    }

    public boolean matches(String topic) {
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
