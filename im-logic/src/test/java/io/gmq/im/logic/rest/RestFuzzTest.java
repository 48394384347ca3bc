package io.gmq.im.logic.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.gmq.servers.test.KafkaTestResource;
import io.gmq.servers.test.PostgresTestResource;
import io.gmq.servers.test.RedisTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.sessions.JqwikSession;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based fuzz of every endpoint of the HTTP API: generated bodies (JSON of any shape, the DTOs' own fields
 * with values around their limits, broken JSON), path parameters, Content-Types and tokens (admin, user, none,
 * forged). Whatever comes in, the answer is never a 500 and every error is {@code {"code","error","message"}} with a
 * catalogue code. Fixed seed and bounded count here; a longer run: {@code -Dgmq.fuzz.tries=50000} (README "Tests").
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.GLOBAL, initArgs = @ResourceArg(name = "private", value = "true"))
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class RestFuzzTest {

    static final int TRIES = Integer.getInteger("gmq.fuzz.tries", 1000);
    static final String SEED = System.getProperty("gmq.fuzz.seed", "20261130");
    static final int PARALLEL = 6;

    /** Method, path template ({p} is a generated path parameter) and the fields its body has. */
    record Endpoint(String method, String path, List<String> fields) {
    }

    static final List<Endpoint> ENDPOINTS = List.of(new Endpoint("POST", "/api/v1/login", List.of("user", "password")),
            new Endpoint("POST", "/api/v1/register", List.of("user", "password")),
            new Endpoint("POST", "/api/v1/users", List.of("user", "password", "admin")),
            new Endpoint("GET", "/api/v1/client-config", List.of()), new Endpoint("GET", "/api/v1/rooms", List.of()),
            new Endpoint("POST", "/api/v1/rooms", List.of("id", "title", "group")),
            new Endpoint("POST", "/api/v1/rooms/{p}/join", List.of()),
            new Endpoint("POST", "/api/v1/rooms/{p}/leave", List.of()),
            new Endpoint("GET", "/api/v1/rooms/{p}/members", List.of()),
            new Endpoint("GET", "/api/v1/rooms/{p}/count", List.of()),
            new Endpoint("POST", "/api/v1/groups", List.of("id", "title", "members")),
            new Endpoint("GET", "/api/v1/groups/{p}/members", List.of()),
            new Endpoint("POST", "/api/v1/groups/{p}/members", List.of()),
            new Endpoint("DELETE", "/api/v1/groups/{p}/members/{p}", List.of()),
            new Endpoint("POST", "/api/v1/messages", List.of("cid", "kind", "room", "group", "to", "body")),
            new Endpoint("POST", "/api/v1/push/users", List.of("cid", "to", "body")),
            new Endpoint("POST", "/api/v1/push/rooms/{p}", List.of("cid", "body")),
            new Endpoint("POST", "/api/v1/push/all", List.of("cid", "body")),
            new Endpoint("POST", "/api/v1/admin/kick/{p}", List.of()));

    record Request(Endpoint endpoint, List<String> params, String body, String contentType, int caller) {
    }

    static String adminToken;
    static String userToken;

    @BeforeAll
    static void start() {
        JqwikSession.start(SEED);
    }

    @AfterAll
    static void finish() {
        JqwikSession.finish();
    }

    @Test
    void noInputGetsA500OrAnErrorOutsideTheCatalogue() {
        adminToken = ImHttp.login("admin", "test-admin-password");
        String user = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(adminToken).contentType("application/json")
                .body("{\"user\":\"" + user + "\",\"password\":\"password-1\"}").post("/api/v1/users").then().statusCode(201);
        userToken = ImHttp.login(user, "password-1");

        // Generated up front (the seed alone decides the inputs), sent by a few threads: the server is the bottleneck.
        List<Request> inputs = requests().sampleStream().limit(TRIES).toList();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicIntegerArray statuses = new java.util.concurrent.atomic.AtomicIntegerArray(600);
        try (java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(PARALLEL)) {
            pool.submit(() -> inputs.parallelStream().forEach(request -> {
                Response response = send(request);
                statuses.incrementAndGet(response.statusCode());
                String problem = problem(response);
                if (problem != null && failures.size() < 20) {
                    failures.add(problem + " for " + request.endpoint().method() + " " + path(request) + " caller "
                            + request.caller() + " " + request.contentType() + " body " + abbreviate(request.body()));
                }
            })).join();
        }
        Map<Integer, Integer> byStatus = new java.util.TreeMap<>();
        for (int status = 0; status < statuses.length(); status++) {
            if (statuses.get(status) > 0) {
                byStatus.put(status, statuses.get(status));
            }
        }
        System.out.printf("REST fuzz: seed %s, %d inputs (fingerprint %08x), statuses %s%n", SEED, inputs.size(),
                inputs.hashCode(), byStatus);
        assertThat(failures).as("seed %s, %d tries", SEED, TRIES).isEmpty();
        // The generator reaches both sides: accepted requests and refusals.
        assertThat(statuses.get(200) + statuses.get(201) + statuses.get(202) + statuses.get(204)).isPositive();
        assertThat(statuses.get(400)).isPositive();
    }

    private static String problem(Response response) {
        int status = response.statusCode();
        if (status >= 500) {
            return "HTTP " + status + " " + abbreviate(response.asString());
        }
        if (status >= 400) {
            boolean json = String.valueOf(response.contentType()).startsWith("application/json");
            if (!json || !ImHttp.isCatalogueError(response.jsonPath())) {
                return "HTTP " + status + " without a catalogue body: " + abbreviate(response.asString());
            }
        }
        return null;
    }

    private static Response send(Request request) {
        RequestSpecification spec = given().urlEncodingEnabled(false);
        switch (request.caller()) {
            case 0 -> spec.auth().oauth2(adminToken);
            case 1 -> spec.auth().oauth2(userToken);
            case 2 -> spec.auth().oauth2("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.");
            default -> {
            }
        }
        if (request.body() != null) {
            spec.contentType(request.contentType()).body(request.body().getBytes(StandardCharsets.UTF_8));
        }
        return spec.request(request.endpoint().method(), path(request));
    }

    private static String path(Request request) {
        String path = request.endpoint().path();
        for (String param : request.params()) {
            path = path.replaceFirst("\\{p}", java.util.regex.Matcher.quoteReplacement(
                    URLEncoder.encode(param, StandardCharsets.UTF_8).replace("+", "%20")));
        }
        return path;
    }

    static Arbitrary<Request> requests() {
        Arbitrary<Endpoint> endpoint = Arbitraries.of(ENDPOINTS);
        return endpoint.flatMap(e -> Combinators.combine(ids().list().ofSize(2), body(e.fields()),
                Arbitraries.frequency(Tuple(8, "application/json"), Tuple(1, "text/plain"), Tuple(1, "application/xml")),
                Arbitraries.frequency(Tuple(4, 0), Tuple(4, 1), Tuple(1, 2), Tuple(1, 3)))
                .as((params, body, type, caller) -> new Request(e, params, body, type, caller)));
    }

    private static <T> net.jqwik.api.Tuple.Tuple2<Integer, T> Tuple(int weight, T value) {
        return net.jqwik.api.Tuple.of(weight, value);
    }

    /** Ids near the rule: valid, at and over 64, empty, with spaces, dots, unicode. */
    static Arbitrary<String> ids() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("abc-_.").ofMinLength(1).ofMaxLength(8),
                Arbitraries.strings().alpha().ofLength(64), Arbitraries.strings().alpha().ofLength(65),
                Arbitraries.of("lobby", "admin", "", "..", ".", " ", "a b", "%", "é", "\u0000x"),
                Arbitraries.strings().ofMaxLength(300));
    }

    /** Null (no body), a JSON value of any shape, an object of the endpoint's fields, or broken JSON. */
    static Arbitrary<String> body(List<String> fields) {
        Arbitrary<String> object = fields.isEmpty() ? json(2)
                : Arbitraries.maps(Arbitraries.oneOf(Arbitraries.of(fields), Arbitraries.strings().alpha().ofMaxLength(5)),
                        Arbitraries.oneOf(fieldValue(), json(2))).ofMaxSize(fields.size() + 1).map(RestFuzzTest::object);
        return Arbitraries.frequency(Tuple(1, Arbitraries.just((String) null)), Tuple(5, object), Tuple(2, json(3)),
                Tuple(1, object.map(s -> s.substring(0, s.length() / 2))), Tuple(1, Arbitraries.strings().ofMaxLength(50)))
                .flatMap(a -> a);
    }

    private static Arbitrary<String> fieldValue() {
        return Arbitraries.oneOf(ids().map(RestFuzzTest::quote),
                Arbitraries.of("room", "peer", "group", "broadcast", "multicast", "ROOM", "bogus").map(RestFuzzTest::quote),
                Arbitraries.strings().ofLength(4097).map(RestFuzzTest::quote),
                ids().list().ofMaxSize(3).map(l -> "[" + String.join(",", l.stream().map(RestFuzzTest::quote).toList()) + "]"),
                Arbitraries.of("null", "true", "false", "0", "-1", "1e400", "[null]", "[]", "{}", "12345678901234567890"));
    }

    /** Any JSON value, nested up to the depth. */
    static Arbitrary<String> json(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(Arbitraries.of("null", "true", "false"),
                Arbitraries.integers().map(String::valueOf), Arbitraries.doubles().map(String::valueOf),
                Arbitraries.strings().ofMaxLength(20).map(RestFuzzTest::quote));
        if (depth == 0) {
            return scalar;
        }
        return Arbitraries.oneOf(scalar,
                json(depth - 1).list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]"),
                Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(6), json(depth - 1)).ofMaxSize(3)
                        .map(RestFuzzTest::object));
    }

    private static String object(Map<String, String> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append(quote(k)).append(':').append(v));
        return json.append('}').toString();
    }

    private static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private static String abbreviate(String text) {
        return text == null ? "null" : text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
