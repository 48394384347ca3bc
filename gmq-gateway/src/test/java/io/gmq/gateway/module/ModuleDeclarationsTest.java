package io.gmq.gateway.module;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gmq.gateway.bus.OverflowPolicy;

import static org.assertj.core.api.Assertions.assertThat;

class ModuleDeclarationsTest {

    private static final ModuleDeclarations.QueueDefaults DEFAULTS = new ModuleDeclarations.QueueDefaults(1024,
            OverflowPolicy.BLOCK, Duration.ofSeconds(5), 1 << 20);

    private static ModuleDeclaration parse(Map<String, String> flat) {
        return ModuleDeclarations.parse("m", ConfigTree.of(flat), DEFAULTS);
    }

    @Test
    void readsEveryReservedKeyAndKeepsTheRestAsSettings() {
        ModuleDeclaration d = parse(Map.of("type", "inner", "impl", "echo", "subscribe[0]", "a/+", "subscribe[1]", "b/#",
                "publish", "x,y", "queue.capacity", "7", "queue.overflow", "drop-oldest", "tick-interval", "500ms",
                "reply-topic", "x"));
        assertThat(d.error()).isEmpty();
        assertThat(d.impl()).isEqualTo("echo");
        assertThat(d.subscribes("a/1")).isTrue();
        assertThat(d.subscribes("b")).isTrue();
        assertThat(d.mayPublish("y")).isTrue();
        assertThat(d.queueCapacity()).isEqualTo(7);
        assertThat(d.overflow()).isEqualTo(OverflowPolicy.DROP_OLDEST);
        assertThat(d.tickInterval()).contains(Duration.ofMillis(500));
        assertThat(d.settings()).containsOnlyKeys("reply-topic");
    }

    @Test
    void nestedListsOfMapsAreRebuiltInIndexOrder() {
        Map<String, Object> tree = ConfigTree.of(Map.of("nested.items[10].name", "k", "nested.items[2].name", "c",
                "tags[1]", "b", "tags[0]", "a"));
        assertThat(tree).containsEntry("tags", List.of("a", "b"));
        assertThat(tree.get("nested")).isEqualTo(Map.of("items", List.of(Map.of("name", "c"), Map.of("name", "k"))));
    }

    @Test
    void badValuesNameTheKey() {
        assertThat(parse(Map.of("type", "plugin")).error()).hasValueSatisfying(e -> assertThat(e).contains("'plugin'"));
        assertThat(parse(Map.of("queue.capacity", "lots")).error())
                .hasValueSatisfying(e -> assertThat(e).contains("queue.capacity"));
        assertThat(parse(Map.of("queue.size", "3")).error()).hasValueSatisfying(e -> assertThat(e).contains("queue.size"));
        assertThat(parse(Map.of("enabled", "maybe")).error()).hasValueSatisfying(e -> assertThat(e).contains("enabled"));
        assertThat(parse(Map.of("subscribe", "a/#/b")).error()).hasValueSatisfying(e -> assertThat(e).contains("subscribe"));
    }

    @Test
    void settingsBindWithUnknownKeysRejected() {
        record Settings(String replyTopic, List<Integer> ports) {
        }
        Settings bound = SettingsBinder.bind(ConfigTree.of(Map.of("reply-topic", "r", "ports[0]", "1", "ports[1]", "2")),
                Settings.class);
        assertThat(bound).isEqualTo(new Settings("r", List.of(1, 2)));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> SettingsBinder.bind(ConfigTree.of(Map.of("colour", "red")), Settings.class))
                .hasMessage("unknown key 'colour'");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> SettingsBinder.bind(ConfigTree.of(Map.of("ports[0]", "x")), Settings.class))
                .hasMessageContaining("ports");
    }
}
