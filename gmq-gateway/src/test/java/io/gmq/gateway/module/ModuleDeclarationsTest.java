package io.gmq.gateway.module;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gmq.gateway.bus.OverflowPolicy;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;

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

    /** Read as SmallRye Config presents YAML (application.yaml and the watched overlay alike). */
    private static Map<String, ModuleDeclaration> read(String yaml) {
        return ModuleDeclarations.read(new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new YamlConfigSource("test", yaml, 275)).build(), DEFAULTS);
    }

    @Test
    void anUndefinedVariableFailsItsModuleAndIsNamed() {
        Map<String, ModuleDeclaration> read = read("""
                gmq:
                  modules:
                    own-key: {impl: echo, reply-topic: x, prefix: "${GMQ_UNSET_PREFIX}"}
                    reserved-key: {impl: "${GMQ_UNSET_IMPL}"}
                    in-list: {impl: echo, subscribe: [a/b, "${GMQ_UNSET_TOPIC}"]}
                    nested: {impl: collector, nested: {items: [{name: n, value: "pre-${GMQ_UNSET_NESTED}"}]}}
                    exe-config: {type: exe, command: [cat], config: {out-topic: "${GMQ_UNSET_OUT}"}}
                    fine: {impl: echo, prefix: "${GMQ_UNSET_WITH_DEFAULT:dflt}", reply-topic: "${GMQ_UNSET_EMPTY:}"}
                """);
        assertThat(read.get("own-key").error()).hasValue("key 'prefix': ${GMQ_UNSET_PREFIX} is not set and has no default");
        assertThat(read.get("reserved-key").error())
                .hasValueSatisfying(e -> assertThat(e).contains("'impl'", "GMQ_UNSET_IMPL"));
        assertThat(read.get("in-list").error())
                .hasValueSatisfying(e -> assertThat(e).contains("'subscribe[1]'", "GMQ_UNSET_TOPIC"));
        assertThat(read.get("nested").error())
                .hasValueSatisfying(e -> assertThat(e).contains("'nested.items[0].value'", "GMQ_UNSET_NESTED"));
        assertThat(read.get("exe-config").error())
                .hasValueSatisfying(e -> assertThat(e).contains("'config.out-topic'", "GMQ_UNSET_OUT"));
        assertThat(read.get("fine").error()).isEmpty();
        assertThat(read.get("fine").settings()).containsEntry("prefix", "dflt").doesNotContainKey("reply-topic");
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
