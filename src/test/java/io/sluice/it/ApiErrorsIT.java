package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refusal of the REST API: status, {@code application/problem+json}, and a message a person can act
 * on. Secrets never appear in answers or in the log.
 */
@org.junit.jupiter.api.Tag("persistence")
class ApiErrorsIT {
    static Gateway gateway;
    static Api api;

    @BeforeAll
    static void start() {
        // A range of three ports, so that "full" is reachable.
        gateway = new Gateway("api-errors", "21040-21042").start();
        api = gateway.api();
        api.createIngest("{\"name\":\"taken\",\"source\":{\"port\":21040}}");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(
                        "malformed name",
                        "POST",
                        "/api/v1/ingests",
                        "{\"name\":\"cam 1\"}",
                        400,
                        "name 'cam 1' is not valid: use 1 to 64 characters of A-Z, a-z, 0-9, _ and -"),
                Arguments.of("missing name", "POST", "/api/v1/ingests", "{}", 400, "name is missing"),
                Arguments.of(
                        "name too long",
                        "POST",
                        "/api/v1/ingests",
                        "{\"name\":\"" + "x".repeat(65) + "\"}",
                        400,
                        "1 to 64 characters"),
                Arguments.of(
                        "port outside the range",
                        "POST",
                        "/api/v1/ingests",
                        "{\"name\":\"far\",\"source\":{\"port\":9000}}",
                        400,
                        "port 9000 is outside this node's range 21040-21042"),
                Arguments.of(
                        "duplicate name",
                        "POST",
                        "/api/v1/ingests",
                        "{\"name\":\"taken\"}",
                        409,
                        "an ingest named taken already exists"),
                Arguments.of(
                        "port already allocated",
                        "POST",
                        "/api/v1/ingests",
                        "{\"name\":\"twin\",\"source\":{\"port\":21040}}",
                        409,
                        "port 21040 is already allocated to ingest taken"),
                Arguments.of(
                        "short passphrase",
                        "POST",
                        "/api/v1/ingests",
                        "{\"name\":\"weak\",\"passphrase\":\"short\"}",
                        400,
                        "passphrase must be 10 to 79 bytes long"),
                Arguments.of(
                        "bad key length",
                        "POST",
                        "/api/v1/ingests",
                        "{\"name\":\"k\",\"passphrase\":\"long-enough-1\",\"pbKeyLen\":20}",
                        400,
                        "pbKeyLen must be 16, 24 or 32"),
                Arguments.of(
                        "latency out of bounds",
                        "POST",
                        "/api/v1/ingests",
                        "{\"name\":\"slow\",\"latencyMs\":-5}",
                        400,
                        "latencyMs must be 0 to 60000"),
                Arguments.of(
                        "unknown field",
                        "POST",
                        "/api/v1/ingests",
                        "{\"name\":\"x\",\"latency\":200}",
                        400,
                        "unknown field 'latency'"),
                Arguments.of(
                        "wrong type",
                        "POST",
                        "/api/v1/ingests",
                        "{\"name\":\"x\",\"latencyMs\":\"fast\"}",
                        400,
                        "field latencyMs has the wrong type"),
                Arguments.of("malformed JSON", "POST", "/api/v1/ingests", "{\"name\":", 400, "not valid JSON"),
                Arguments.of(
                        "unknown ingest", "GET", "/api/v1/ingests/nope", null, 404, "there is no ingest named nope"),
                Arguments.of(
                        "unknown output",
                        "DELETE",
                        "/api/v1/ingests/taken/outputs/abc",
                        null,
                        404,
                        "ingest taken has no output abc"),
                Arguments.of(
                        "unknown output type",
                        "POST",
                        "/api/v1/ingests/taken/outputs",
                        "{\"type\":\"ftp\",\"url\":\"ftp://x:1\"}",
                        400,
                        "unknown output type 'ftp'"),
                Arguments.of(
                        "url of another scheme",
                        "POST",
                        "/api/v1/ingests/taken/outputs",
                        "{\"type\":\"srt\",\"url\":\"udp://127.0.0.1:5000\"}",
                        400,
                        "needs a srt:// url"),
                Arguments.of(
                        "malformed url",
                        "POST",
                        "/api/v1/ingests/taken/outputs",
                        "{\"type\":\"srt\",\"url\":\"not a url\"}",
                        400,
                        "is not of the form scheme://host:port"),
                Arguments.of(
                        "unknown url parameter",
                        "POST",
                        "/api/v1/ingests/taken/outputs",
                        "{\"type\":\"srt\",\"url\":\"srt://127.0.0.1:9000?lantency=20\"}",
                        400,
                        "unknown parameter 'lantency' in srt url"),
                Arguments.of(
                        "caller without host",
                        "POST",
                        "/api/v1/ingests/taken/outputs",
                        "{\"type\":\"srt\",\"url\":\"srt://:9000?mode=caller\"}",
                        400,
                        "needs a host to connect to"),
                Arguments.of(
                        "listener port outside the range",
                        "POST",
                        "/api/v1/ingests/taken/outputs",
                        "{\"type\":\"srt\",\"url\":\"srt://:9000?mode=listener\"}",
                        400,
                        "port 9000 is outside this node's range"),
                Arguments.of(
                        "ttl on unicast",
                        "POST",
                        "/api/v1/ingests/taken/outputs",
                        "{\"type\":\"udp\",\"url\":\"udp://127.0.0.1:5000?ttl=4\"}",
                        400,
                        "ttl applies to multicast destinations only"),
                Arguments.of(
                        "failover without a backup",
                        "POST",
                        "/api/v1/ingests",
                        "{\"name\":\"lonely\",\"failover\":{\"mode\":\"auto\"}}",
                        400,
                        "failover applies to an ingest with a backup source"),
                Arguments.of(
                        "unknown failover mode",
                        "POST",
                        "/api/v1/ingests",
                        "{\"name\":\"fo\",\"backup\":{},\"failover\":{\"mode\":\"sometimes\"}}",
                        400,
                        "failover.mode 'sometimes' is not auto, primary or backup"),
                Arguments.of(
                        "switchAfterMs too short",
                        "POST",
                        "/api/v1/ingests",
                        "{\"name\":\"fo\",\"backup\":{},\"failover\":{\"switchAfterMs\":20}}",
                        400,
                        "failover.switchAfterMs must be 100 to 60000 ms, not 20"),
                Arguments.of(
                        "negative revertAfterMs",
                        "POST",
                        "/api/v1/ingests",
                        "{\"name\":\"fo\",\"backup\":{},\"failover\":{\"revertAfterMs\":-1}}",
                        400,
                        "failover.revertAfterMs must be 0 (never) to 3600000 ms"),
                Arguments.of(
                        "backup on the primary's port",
                        "POST",
                        "/api/v1/ingests",
                        "{\"name\":\"fo\",\"source\":{\"port\":21041},\"backup\":{\"port\":21041}}",
                        400,
                        "source.port and backup.port are both 21041"),
                Arguments.of(
                        "backup caller without address",
                        "POST",
                        "/api/v1/ingests",
                        "{\"name\":\"fo\",\"backup\":{\"mode\":\"caller\"}}",
                        400,
                        "backup.address is missing"),
                Arguments.of(
                        "manual failover of an ingest without a backup",
                        "POST",
                        "/api/v1/ingests/taken/failover",
                        "{\"source\":\"backup\"}",
                        400,
                        "ingest taken has no backup source"),
                Arguments.of(
                        "failover to a source that is not one",
                        "POST",
                        "/api/v1/ingests/taken/failover",
                        "{\"source\":\"tertiary\"}",
                        400,
                        "source 'tertiary' is not auto, primary or backup"),
                Arguments.of(
                        "failover body missing",
                        "POST",
                        "/api/v1/ingests/taken/failover",
                        "{}",
                        400,
                        "a JSON body {\"source\":\"primary\"}"),
                Arguments.of(
                        "failover policy of an ingest without a backup",
                        "PATCH",
                        "/api/v1/ingests/taken",
                        "{\"failover\":{\"revertAfterMs\":0}}",
                        400,
                        "ingest taken has no backup source"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWithAProblemAPersonCanActOn(
            String what, String method, String path, String body, int status, String message) {
        Api.Reply r = api.send(method, path, body, body == null ? null : "application/json");
        assertProblem(r, status, message);
    }

    @Test
    void aMissingOrWrongTokenIs401() {
        assertProblem(api.withToken(null).get("/api/v1/ingests"), 401, "this call needs a bearer token");
        assertProblem(api.withToken("not-the-token").get("/api/v1/ingests"), 401, "the bearer token is not valid");
        Api.Reply basic = api.withToken(null).send("GET", "/api/v1/ingests", null, null);
        assertThat(basic.status()).isEqualTo(401);
        // health stays open for load balancers
        assertThat(api.withToken(null).get("/q/health/live").status()).isEqualTo(200);
    }

    @Test
    void aFullRangeIs409AndNamesTheRange() {
        api.createIngest("{\"name\":\"fill1\"}");
        api.createIngest("{\"name\":\"fill2\"}");
        assertProblem(
                api.post("/api/v1/ingests", "{\"name\":\"overflow\"}"), 409, "no free port left in range 21040-21042");
        assertProblem(
                api.post("/api/v1/ingests/taken/outputs", "{\"type\":\"srt\",\"url\":\"srt://:0?mode=listener\"}"),
                409,
                "no free port left in range 21040-21042");
        api.delete("/api/v1/ingests/fill2").expect(204);
        assertThat(api.createIngest("{\"name\":\"after-delete\"}")
                        .path("source")
                        .path("port")
                        .asInt())
                .isEqualTo(21042);
        api.delete("/api/v1/ingests/fill1").expect(204);
        api.delete("/api/v1/ingests/after-delete").expect(204);
    }

    @Test
    void passphrasesNeverAppearInAnswersOrLogs() {
        String ingestSecret = "ingest-pass-7788";
        String outputSecret = "output-pass-4455";
        JsonNode created = api.createIngest("{\"name\":\"secret\",\"passphrase\":\"" + ingestSecret + "\"}");
        JsonNode out = api.addOutput("secret", "srt", "srt://127.0.0.1:9?passphrase=" + outputSecret + "&latency=80");
        assertThat(out.path("url").asText()).isEqualTo("srt://127.0.0.1:9?passphrase=***&latency=80");
        assertThat(created.toString()).doesNotContain(ingestSecret);
        assertThat(created.path("encrypted").asBoolean()).isTrue();
        for (Api.Reply r : new Api.Reply[] {
            api.get("/api/v1/ingests"), api.get("/api/v1/ingests/secret"), api.get("/api/v1/ingests/secret/outputs")
        }) {
            assertThat(r.body()).doesNotContain(ingestSecret).doesNotContain(outputSecret);
        }
        // a refused output URL is echoed redacted too
        Api.Reply bad = api.post(
                "/api/v1/ingests/secret/outputs",
                "{\"type\":\"srt\",\"url\":\"srt://127.0.0.1:9?passphrase=" + outputSecret + "&bogus=1\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).doesNotContain(outputSecret);
        Support.sleep(500);
        assertThat(gateway.logText())
                .contains("[ingest secret]")
                .doesNotContain(ingestSecret)
                .doesNotContain(outputSecret);
        api.delete("/api/v1/ingests/secret").expect(204);
    }

    static void assertProblem(Api.Reply r, int status, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).isEqualTo("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("title").asText()).isNotBlank();
        assertThat(p.path("detail").asText()).contains(message);
    }
}
