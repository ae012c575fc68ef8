package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /q/openapi describes every field with a description and an example; Swagger UI is served. */
class OpenApiIT {

    @Test
    void everyFieldOfEveryApiRecordHasADescriptionAndAnExample() {
        try (Gateway gateway = new Gateway("openapi", "21230-21231").start()) {
            Api anonymous = gateway.api().withToken(null);
            JsonNode doc = anonymous.get("/q/openapi?format=json").expect(200);
            JsonNode schemas = doc.path("components").path("schemas");
            List<String> missing = new ArrayList<>();
            int fields = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = schemas.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> schema = it.next();
                for (Iterator<Map.Entry<String, JsonNode>> p =
                                schema.getValue().path("properties").fields();
                        p.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = p.next();
                    fields++;
                    JsonNode f = field.getValue();
                    if (f.path("description").asText().isBlank())
                        missing.add(schema.getKey() + "." + field.getKey() + " description");
                    // OpenAPI 3.1 writes "examples" (a list); 3.0 wrote "example".
                    boolean example = f.has("example") || f.path("examples").size() > 0;
                    if (!example) missing.add(schema.getKey() + "." + field.getKey() + " example");
                }
            }
            assertThat(schemas.size()).as("schemas").isGreaterThanOrEqualTo(9);
            assertThat(fields).isGreaterThan(40);
            assertThat(missing).isEmpty();
            assertThat(doc.path("paths").has("/api/v1/ingests/{name}/outputs")).isTrue();
            assertThat(doc.path("paths").path("/api/v1/ingests/{name}").has("patch"))
                    .isTrue();
            assertThat(doc.path("components")
                            .path("securitySchemes")
                            .path("bearer")
                            .path("scheme")
                            .asText())
                    .isEqualTo("bearer");
            Api.Reply ui = anonymous.get("/q/swagger-ui/");
            assertThat(ui.status()).isEqualTo(200);
            assertThat(ui.body()).containsIgnoringCase("swagger");
        }
    }
}
