package io.gmq.deploy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml against the services' real configuration, and broken copies of it. */
class ComposeFileTest {

    @Test
    void theRealComposeFilePasses() {
        assertThat(ComposeCheck.check(Repo.real())).isEmpty();
        assertThat(Repo.real().yaml("docker-compose.yml").path("services").fieldNames()).toIterable()
                .contains("gateway", "im-logic", "im-push", "im-comet", "envoy", "kafka", "redis", "mongodb",
                        "postgresql", "mariadb", "mosquitto");
    }

    @Test
    void aVariableTheAppDoesNotReadFails(@TempDir Path copy) {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("docker-compose.yml", "      IM_PUBLIC_ROOMS:", "      IM_PUBLIC_ROOM:");
        assertThat(ComposeCheck.check(broken)).anyMatch(p -> p.contains("sets IM_PUBLIC_ROOM, which im-logic"));
    }

    @Test
    void anImageNameTheBuildDoesNotProduceFails(@TempDir Path copy) {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("docker-compose.yml", "image: gmq/im-push:", "image: gmq/push:");
        assertThat(ComposeCheck.check(broken)).anyMatch(p -> p.contains("image gmq/push:"));
    }

    @Test
    void aBareVariableOrAWrongHealthcheckOrAnUnknownHostFails(@TempDir Path copy) {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("docker-compose.yml", "${IM_REGISTRATION:-false}", "${IM_REGISTRATION}");
        broken.replace("docker-compose.yml", "http://localhost:8083/q/health/ready", "http://localhost:8080/q/health/ready");
        broken.replace("docker-compose.yml", "REDIS_URL: redis://redis:6379\n      MONGODB_URL",
                "REDIS_URL: redis://cache:6379\n      MONGODB_URL");
        assertThat(ComposeCheck.check(broken)).anyMatch(p -> p.contains("${IM_REGISTRATION}"))
                .anyMatch(p -> p.contains("service im-push: healthcheck 8080"))
                .anyMatch(p -> p.contains("names host cache"));
    }

    @Test
    void dependingOnAServiceWithoutHealthcheckFails(@TempDir Path copy) {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("docker-compose.yml", "      mosquitto: {condition: service_healthy}",
                "      mosquitto: {condition: service_started}");
        assertThat(ComposeCheck.check(broken)).anyMatch(p -> p.contains("depends_on mosquitto must wait"));
    }
}
