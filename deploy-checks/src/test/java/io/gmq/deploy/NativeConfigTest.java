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
}
