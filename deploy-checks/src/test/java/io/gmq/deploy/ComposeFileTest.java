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
        broken.replace("docker-compose.yml", "http://localhost:9083/q/health/ready", "http://localhost:8083/q/health/ready");
        broken.replace("docker-compose.yml", "REDIS_URL: redis://redis:6379\n      MONGODB_URL",
                "REDIS_URL: redis://cache:6379\n      MONGODB_URL");
        assertThat(ComposeCheck.check(broken)).anyMatch(p -> p.contains("${IM_REGISTRATION}"))
                .anyMatch(p -> p.contains("service im-push: healthcheck 8083/q/health/ready is not im-push's management "
                        + "port 9083"))
                .anyMatch(p -> p.contains("names host cache"));
    }

    @Test
    void dependingOnAServiceWithoutHealthcheckFails(@TempDir Path copy) {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("docker-compose.yml", "      mosquitto: {condition: service_healthy}",
                "      mosquitto: {condition: service_started}");
        assertThat(ComposeCheck.check(broken)).anyMatch(p -> p.contains("depends_on mosquitto must wait"));
    }

    @Test
    void aTopLevelNameARootImageOrAMissingMemoryLimitFails(@TempDir Path copy) {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("docker-compose.yml", "\nservices:\n", "\nname: gmq\n\nservices:\n");
        broken.replace("pom.xml", "<quarkus.jib.user>185</quarkus.jib.user>", "");
        broken.replace("docker-compose.yml", "  redis:\n    image: redis:7.4\n    mem_limit: 512m\n",
                "  redis:\n    image: redis:7.4\n");
        broken.replace("docker-compose.yml", "    mem_limit: 768m\n", "    mem_limit: 256m\n");
        assertThat(ComposeCheck.check(broken)).anyMatch(p -> p.contains("top-level key name"))
                .anyMatch(p -> p.contains("must run as a non-root user"))
                .anyMatch(p -> p.contains("service redis: needs a memory limit"))
                .anyMatch(p -> p.contains("service im-logic: memory limit 256 MiB"));
    }

    @Test
    void kafkaOffItsVolumeOrTheGatewayWithoutItsJwtKeyFails(@TempDir Path copy) {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("docker-compose.yml", "KAFKA_LOG_DIRS: /var/lib/kafka/data/kraft", "KAFKA_LOG_DIRS: /tmp/kraft");
        broken.replace("docker-compose.yml", "      - ./.compose/jwt/publicKey.pem:/etc/gmq/jwt/publicKey.pem:ro\n", "");
        assertThat(ComposeCheck.check(broken)).anyMatch(p -> p.contains("service kafka: KAFKA_LOG_DIRS must be on"))
                .anyMatch(p -> p.contains("service gateway: gmq-gateway verifies RS256 bearer tokens"));
    }

    @Test
    void composeEnvNeedsOpensslButNoJdk(@TempDir Path copy) throws Exception {
        Repo repo = Repo.real().copyTo(copy);
        assertThat(composeEnvTrace(repo)).doesNotContain("use_jdk", "find_jdk");
        assertThat(repo.read(".env")).contains("COMPOSE_PROJECT_NAME=gmq", "IM_JWT_SECRET=");
        assertThat(repo.read(".compose/jwt/publicKey.pem")).startsWith("-----BEGIN PUBLIC KEY-----");
    }

    @Test
    void composeEnvLookingForAJdkFails(@TempDir Path copy) throws Exception {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("gmq", "  compose-env)\n", "  compose-env)\n    use_jdk\n");
        assertThat(composeEnvTrace(broken)).contains("find_jdk");
    }

    /** Runs ./gmq compose-env in the checkout with bash -x and returns its trace. */
    private static String composeEnvTrace(Repo repo) throws Exception {
        Process process = new ProcessBuilder("bash", "-x", "gmq", "compose-env").directory(repo.root().toFile())
                .redirectErrorStream(true).start();
        String trace = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(trace).isZero();
        return trace;
    }
}
