package io.gmq.deploy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** src-native-config and the native profile against the code (no native build runs here), and broken copies. */
class NativeConfigTest {

    @Test
    void theRealConfigurationCoversTheCode() throws Exception {
        assertThat(NativeConfigCheck.check(Repo.real())).isEmpty();
        String pom = Repo.real().read("pom.xml");
        assertThat(pom).contains("<id>native</id>", "<quarkus.native.container-build>true",
                "<quarkus.container-image.tag>${project.version}-native");
    }

    @Test
    void anUnregisteredDowncallFails(@TempDir Path copy) throws Exception {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace(NativeConfigCheck.METADATA, "{\"returnType\": \"jint\", \"parameterTypes\": [\"void*\"]},", "");
        assertThat(NativeConfigCheck.check(broken)).containsExactly("SoModule makes a downcall jint(void*) that "
                + NativeConfigCheck.METADATA + " does not register");
    }

    @Test
    void anUnannotatedSettingsRecordFails(@TempDir Path copy) throws Exception {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("gmq-gateway/src/main/java/io/gmq/gateway/modules/EchoModule.java",
                "@RegisterForReflection\n    public record", "public record");
        assertThat(NativeConfigCheck.check(broken)).singleElement().asString().startsWith("EchoModule.java");
    }

    @Test
    void h2InTheNativeBuildFails(@TempDir Path copy) throws Exception {
        Repo broken = Repo.real().copyTo(copy);
        broken.replace("pom.xml", "<quarkus.profile>prod,native</quarkus.profile>", "");
        broken.replace("gmq-gateway/src/main/resources/application.yaml", "      embedded:\n        db-kind: postgresql",
                "      embedded:\n        db-kind: h2");
        broken.replace("k8s/components/native/native-resources.yaml", "            - name: EMBEDDED_DB_URL\n",
                "            - name: EMBEDDED_DB_URL_UNUSED\n");
        assertThat(NativeConfigCheck.check(broken)).anyMatch(p -> p.contains("quarkus.profile including 'native'"))
                .anyMatch(p -> p.contains("%native profile must make the embedded datasource"))
                .anyMatch(p -> p.contains("EMBEDDED_DB_URL at a server"));
    }
}
