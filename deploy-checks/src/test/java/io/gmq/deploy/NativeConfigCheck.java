package io.gmq.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * src-native-config against the code it speaks for: every foreign call shape the gateway's {@code so} module creates
 * is registered, the method it binds for the upcall is registered for reflection, every service depends on the
 * configuration, and every module settings type Jackson binds carries {@code @RegisterForReflection}.
 */
final class NativeConfigCheck {

    static final String METADATA = "src-native-config/src/main/resources/META-INF/native-image/io.gmq/"
            + "gmq-native-config/reachability-metadata.json";
    static final String SO_MODULE = "gmq-gateway/src/main/java/io/gmq/gateway/so/SoModule.java";

    private static final Map<String, String> LAYOUTS = Map.of("JAVA_INT", "jint", "JAVA_LONG", "jlong", "ADDRESS",
            "void*", "JAVA_BYTE", "jbyte", "JAVA_DOUBLE", "jdouble");

    private NativeConfigCheck() {
    }

    static List<String> check(Repo repo) throws IOException {
        List<String> problems = new ArrayList<>();
        JsonNode metadata = new ObjectMapper().readTree(repo.read(METADATA));
        String so = repo.read(SO_MODULE);
        compare("downcall", shapes(so, "downcallHandle"), registered(metadata.at("/foreign/downcalls")), problems);
        compare("upcall", shapes(so, "upcallStub"), registered(metadata.at("/foreign/upcalls")), problems);
        Set<String> reflected = new HashSet<>();
        metadata.path("reflection").forEach(type -> type.path("methods")
                .forEach(m -> reflected.add(type.path("type").asText() + "." + m.path("name").asText())));
        for (String bound : Repo.all(so, "MethodHandles\\.lookup\\(\\)\\.bind\\(this,\\s*\"(\\w+)\"")) {
            if (!reflected.contains("io.gmq.gateway.so.SoModule." + bound)) {
                problems.add("SoModule binds " + bound + " by name: register it for reflection in " + METADATA);
            }
        }
        for (String[] service : Repo.SERVICES) {
            if (!repo.read(service[1] + "/pom.xml").contains("<artifactId>gmq-native-config</artifactId>")) {
                problems.add(service[1] + " does not depend on gmq-native-config");
            }
        }
        embeddedDatabase(repo, problems);
        try (Stream<Path> sources = Files.walk(repo.path("gmq-gateway/src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(source);
                if (text.contains("implements GmqModule<") && text.contains("record Settings(")
                        && !Pattern.compile("@RegisterForReflection\\s+public record Settings\\(").matcher(text).find()) {
                    problems.add(source.getFileName() + ": its Settings record is bound by Jackson; annotate it "
                            + "@RegisterForReflection");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return problems;
    }

    /** Datasource kinds Quarkus supports in a native executable (its datasource guide; H2 and Derby are not). */
    static final Set<String> NATIVE_DB_KINDS = Set.of("postgresql", "mariadb", "mysql", "mssql", "oracle", "db2");

    /**
     * H2 is the gateway's embedded datasource on the JVM only: the native build activates the "native" profile, whose
     * embedded datasource is a kind Quarkus supports natively, and the native Kubernetes component points it at one.
     */
    private static void embeddedDatabase(Repo repo, List<String> problems) {
        String profile = Repo.all(repo.read("pom.xml"), "<quarkus.profile>([^<]*)</quarkus.profile>").stream()
                .findFirst().orElse("");
        if (!List.of(profile.split(",")).contains("native")) {
            problems.add("the native Maven profile must build with quarkus.profile including 'native' (is '" + profile
                    + "'): the gateway's H2 datasource is JVM-only");
        }
        JsonNode nativeKind = repo.yaml("gmq-gateway/src/main/resources/application.yaml")
                .at("/%native/quarkus/datasource/embedded/db-kind");
        if (!NATIVE_DB_KINDS.contains(nativeKind.asText())) {
            problems.add("gmq-gateway's %native profile must make the embedded datasource one of " + NATIVE_DB_KINDS
                    + ", is '" + nativeKind.asText() + "'");
        }
        String component = repo.read("k8s/components/native/native-resources.yaml");
        if (!component.contains("- name: EMBEDDED_DB_URL\n") || component.contains("jdbc:h2:")) {
            problems.add("k8s/components/native must point the native gateway's EMBEDDED_DB_URL at a server (not H2)");
        }
    }

    /** "jint(void*,void*)" for each FunctionDescriptor passed to the given Linker method. */
    private static Set<String> shapes(String source, String linkerMethod) {
        Set<String> shapes = new HashSet<>();
        Matcher matcher = Pattern.compile(linkerMethod + "\\([^;]*?FunctionDescriptor\\.(of|ofVoid)\\(([^)]*)\\)",
                Pattern.DOTALL).matcher(source);
        while (matcher.find()) {
            List<String> layouts = Arrays.stream(matcher.group(2).split(",")).map(String::strip)
                    .filter(s -> !s.isEmpty()).map(s -> LAYOUTS.getOrDefault(s, s)).toList();
            String result = matcher.group(1).equals("ofVoid") ? "void" : layouts.getFirst();
            List<String> parameters = matcher.group(1).equals("ofVoid") ? layouts : layouts.subList(1, layouts.size());
            shapes.add(result + "(" + String.join(",", parameters) + ")");
        }
        return shapes;
    }

    private static Set<String> registered(JsonNode calls) {
        Set<String> shapes = new HashSet<>();
        calls.forEach(call -> {
            List<String> parameters = new ArrayList<>();
            call.path("parameterTypes").forEach(p -> parameters.add(p.asText()));
            shapes.add(call.path("returnType").asText() + "(" + String.join(",", parameters) + ")");
        });
        return shapes;
    }

    private static void compare(String kind, Set<String> used, Set<String> registered, List<String> problems) {
        if (used.isEmpty()) {
            problems.add("no " + kind + " found in " + SO_MODULE + " (has the code moved?)");
        }
        for (String shape : used) {
            if (!registered.contains(shape)) {
                problems.add("SoModule makes a " + kind + " " + shape + " that " + METADATA + " does not register");
            }
        }
    }
}
