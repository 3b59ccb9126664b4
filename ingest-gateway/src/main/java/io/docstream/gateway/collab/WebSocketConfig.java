package io.docstream.gateway.collab;

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
    private final CollabAccess access;
    private final CollabSettings settings;

    public WebSocketConfig(CollabHandler handler, CollabAccess access, CollabSettings settings) {
        this.handler = handler;
        this.access = access;
        this.settings = settings;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/ws")
                .addInterceptors(new CollabHandshake(access))
                .setAllowedOriginPatterns(settings.allowedOrigins().toArray(String[]::new));
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
}
