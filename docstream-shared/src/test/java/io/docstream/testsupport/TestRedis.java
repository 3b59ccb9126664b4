package io.docstream.testsupport;

import io.docstream.protocol.RedisChannels;
import java.util.UUID;

/** The local Redis (127.0.0.1:6379); each test uses its own channel and key prefix. */
public final class TestRedis {

    public static final String URI = System.getProperty("docstream.test.redis", "redis://127.0.0.1:6379");

    private TestRedis() {}

    public static String freshPrefix() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    public static RedisChannels freshChannels() {
        return new RedisChannels(freshPrefix());
    }
}
