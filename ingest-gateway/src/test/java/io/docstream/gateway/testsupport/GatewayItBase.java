package io.docstream.gateway.testsupport;

import io.docstream.gateway.GatewayApplication;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Base of the gateway's HTTP integration tests: the whole app on a random port against the
 * subclass's {@link GatewayTestEnvironment} (declare it static and register it in a static
 * {@code @DynamicPropertySource}). The context is closed after the class ({@code @DirtiesContext});
 * the database is dropped when the JVM exits, after every context is closed.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
public abstract class GatewayItBase {

    @LocalServerPort
    protected int port;

    @Autowired
    protected ConfigurableApplicationContext context;

    protected HttpApi api;

    protected abstract GatewayTestEnvironment environment();

    @BeforeAll
    void startClient() {
        api = new HttpApi(port);
    }
}
