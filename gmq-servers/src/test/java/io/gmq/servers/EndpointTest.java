package io.gmq.servers;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointTest {

    @Test
    void parsesEveryAddressFormTheServicesUse() {
        assertThat(Endpoint.parse("10.1.2.3:9093,10.1.2.4:9093", 9092)).isEqualTo(new Endpoint("10.1.2.3", 9093));
        assertThat(Endpoint.parse("redis://:secret@cache:6380/2", 6379)).isEqualTo(new Endpoint("cache", 6380));
        assertThat(Endpoint.parse("mongodb://db.example", 27017)).isEqualTo(new Endpoint("db.example", 27017));
        assertThat(Endpoint.parse("jdbc:postgresql://pg:5433/app?ssl=true", 5432)).isEqualTo(new Endpoint("pg", 5433));
    }

    @Test
    void rejectsAnAddressWithoutHost() {
        assertThatThrownBy(() -> Endpoint.parse("jdbc:h2:mem:x", 1)).hasMessageContaining("GMQ-SRV-001");
    }

    @Test
    void kindsReadTheSameVariablesTheServicesRead() {
        Map<String, String> env = Map.of("POSTGRES_URL", "jdbc:postgresql://db:6543/chat", "MQTT_HOST", "broker",
                "MQTT_PORT", "1884");
        assertThat(ServerKind.POSTGRESQL.configuredEndpoint(env::get)).isEqualTo(new Endpoint("db", 6543));
        assertThat(ServerKind.MQTT.configuredEndpoint(env::get)).isEqualTo(new Endpoint("broker", 1884));
        assertThat(ServerKind.KAFKA.configuredEndpoint(env::get)).isEqualTo(new Endpoint("127.0.0.1", 9092));
        assertThat(ServerKind.POSTGRESQL.clientVariables(new Endpoint("127.0.0.1", 7000), env::get))
                .containsEntry("POSTGRES_URL", "jdbc:postgresql://127.0.0.1:7000/chat");
        assertThat(ServerKind.MARIADB.clientVariables(new Endpoint("127.0.0.1", 7001), k -> null))
                .containsEntry("MARIADB_URL", "jdbc:mariadb://127.0.0.1:7001/gmq");
    }
}
