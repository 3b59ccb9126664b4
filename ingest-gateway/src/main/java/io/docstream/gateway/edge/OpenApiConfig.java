package io.docstream.gateway.edge;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description served at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}). */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {

    public static final String BEARER = "bearer";

    @Bean
    public OpenAPI docStreamOpenApi() {
        return new OpenAPI()
                .info(new Info().title("DocStream gateway REST API").version("1")
                        .description("Accounts, documents and sharing. Errors are {error, message, requestId}; see docs/api.md."))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").description("opaque token from sign-up or login")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
