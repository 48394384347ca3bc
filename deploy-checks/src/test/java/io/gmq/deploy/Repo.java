package io.gmq.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The checkout under test (the real one, or a deliberately broken copy of it): its files, parsed, and the services it
 * builds.
 */
record Repo(Path root) {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The services GMQ deploys: Kubernetes/compose name, and the Maven module that builds it. */
    static final List<String[]> SERVICES = List.of(new String[] { "gateway", "gmq-gateway" },
            new String[] { "im-logic", "im-logic" }, new String[] { "im-push", "im-push" },
            new String[] { "im-comet", "im-comet" });

    static Repo real() {
        return new Repo(Path.of(System.getProperty("gmq.root", "..")).toAbsolutePath().normalize());
    }

    Path path(String relative) {
        return root.resolve(relative);
    }

    String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void write(String relative, String content) {
        try {
            Files.writeString(path(relative), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces one exact piece of a file, failing when it is not there (so a broken copy is broken as meant). */
    void replace(String relative, String from, String to) {
        String content = read(relative);
        if (!content.contains(from)) {
            throw new IllegalArgumentException(relative + " does not contain: " + from);
        }
        write(relative, content.replace(from, to));
    }

    JsonNode yaml(String relative) {
        try {
            return YAML.readTree(read(relative));
        } catch (IOException e) {
            throw new IllegalArgumentException(relative + " is not YAML: " + e.getMessage(), e);
        }
    }

    /** The project version, from the parent POM. */
    String version() {
        return group(read("pom.xml"), "<artifactId>gmq-parent</artifactId>\\s*<version>([^<]+)</version>");
    }

    /** The image group every service's container image is built under. */
    String imageGroup() {
        return group(read("pom.xml"), "<quarkus.container-image.group>([^<]+)</quarkus.container-image.group>");
    }

    AppConfig app(String module) {
        return AppConfig.read(this, module);
    }

    /** The app whose Quarkus application name is {@code name}, or null. */
    AppConfig appNamed(String name) {
        return SERVICES.stream().map(s -> app(s[1])).filter(a -> a.name().equals(name)).findFirst().orElse(null);
    }

    /** A copy of the files the deploy checks read, to break on purpose. */
    Repo copyTo(Path target) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).filter(this::deployInput).toList()) {
                Path copy = target.resolve(root.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
            Path link = target.resolve("envoy.yaml");
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of("k8s/base/envoy/envoy.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Repo(target);
    }

    private boolean deployInput(Path file) {
        String relative = root.relativize(file).toString().replace('\\', '/');
        if (relative.contains("/target/") || relative.startsWith(".git") || relative.contains("node_modules")) {
            return false;
        }
        return relative.startsWith("k8s/") || relative.equals("docker-compose.yml") || relative.equals("pom.xml")
                || relative.equals("gmq")
                || relative.startsWith("proto/src/main/proto/") || relative.startsWith("src-native-config/src/")
                || relative.endsWith("src/main/resources/application.yaml") || relative.endsWith("/pom.xml")
                || (relative.contains("/src/main/java/") && relative.endsWith(".java"));
    }

    static String group(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no match for " + regex);
        }
        return matcher.group(1);
    }

    static List<String> all(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
