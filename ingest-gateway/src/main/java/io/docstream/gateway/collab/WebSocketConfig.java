package io.docstream.gateway.collab;

import io.docstream.gateway.auth.Authenticator;
import io.docstream.gateway.edge.EdgeProperties;
import io.docstream.gateway.edge.KafkaSettings;
import io.docstream.topics.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** The collaboration endpoint {@code /ws}. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
public class WebSocketConfig implements WebSocketConfigurer {

    private final CollabHandler handler;
    private final Authenticator authenticator;
    private final SiteRegistry sites;
    private final CollabSettings settings;
    private final EdgeProperties edge;

    public WebSocketConfig(CollabHandler handler, Authenticator authenticator, SiteRegistry sites,
                           CollabSettings settings, EdgeProperties edge) {
        this.handler = handler;
        this.authenticator = authenticator;
        this.sites = sites;
        this.settings = settings;
        this.edge = edge;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/ws")
                .addInterceptors(new CollabHandshake(authenticator, sites))
                // browsers must come from a configured origin; clients without Origin are not browsers
                .setAllowedOrigins(edge.allowedOrigins().toArray(String[]::new));
    }

    /**
     * Container buffers: a message larger than the buffer arrives in parts (the handler accepts
     * partial messages), so an oversize message is answered with an error instead of the
     * container closing the socket.
     */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        var factory = new ServletServerContainerFactoryBean();
        factory.setMaxTextMessageBufferSize(Math.min(settings.maxFrameBytes(), 64 * 1024));
        factory.setMaxBinaryMessageBufferSize(8 * 1024);
        factory.setMaxSessionIdleTimeout(settings.pongTimeout().toMillis() * 2);
        return factory;
    }

    /** The topic registry under the configured prefix (the outbox and the op producer use it). */
    @Configuration(proxyBeanMethods = false)
    static class TopicsConfig {
        @Bean
        Topics topics(KafkaSettings kafka) {
            return kafka.topics();
        }
    }
}
