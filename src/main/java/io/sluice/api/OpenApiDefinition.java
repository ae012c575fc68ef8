package io.sluice.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI document's header, served at {@code /q/openapi} with Swagger UI at {@code /q/swagger-ui}. */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Sluice SRT gateway",
                        version = "v1",
                        description =
                                "Provision SRT ingest points and route every feed to many destinations. Every"
                                        + " /api/v1 call needs 'Authorization: Bearer <token>'. Errors are application/problem+json.",
                        license = @License(name = "Apache-2.0")),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(
        securitySchemeName = "bearer",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "A token from sluice.api.tokens, sluice.api.tokens-file, or the generated data/api-token.")
public class OpenApiDefinition extends Application {}
