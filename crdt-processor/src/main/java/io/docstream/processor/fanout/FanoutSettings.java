package io.docstream.processor.fanout;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The fan-out relay ({@code docstream.fanout.*}): committed canonical ops and rejections from Kafka
 * to Redis pub/sub.
 *
 * @param enabled         {@code enabled}, default true: run the relay in this process
 * @param groupId         {@code group-id}, default {@code docstream-fanout}: consumer group, used
 *                        under the topic prefix ({@code docstream.kafka.topic-prefix}) so that
 *                        deployments sharing a cluster under different prefixes never share a group;
 *                        the relays of one deployment share the partitions
 * @param isolationLevel  {@code isolation-level}, default {@code read_committed}: clients must never
 *                        see an op of an aborted transaction, so only change this for diagnostics
 * @param autoOffsetReset {@code auto-offset-reset}, default {@code earliest}: where a brand-new
 *                        group starts. {@code latest} could skip the ops committed between topic
 *                        creation and the group's first assignment, without even raising the
 *                        {@code docseq} key that lets gateways notice; {@code earliest} instead
 *                        republishes the retained history once (gateways drop seqs they have). To
 *                        add a relay group to a long-running deployment, reset its offsets to the
 *                        end first ({@code kafka-consumer-groups --reset-offsets --to-latest}).
 * @param pollTimeout     {@code poll-timeout}, default 100ms: only bounds how quickly the loop
 *                        notices a stop; records are returned as soon as they are fetched
 * @param fetchMaxWait    {@code fetch-max-wait}, default 100ms: broker-side long-poll bound
 * @param publishTimeout  {@code publish-timeout}, default 5s: wait for Redis to acknowledge a batch
 * @param retryBackoff    {@code retry-backoff}, default 1s: pause before re-publishing a failed batch
 */
@Validated
@ConfigurationProperties("docstream.fanout")
public record FanoutSettings(
        @DefaultValue("true") boolean enabled,
        @NotBlank @DefaultValue("docstream-fanout") String groupId,
        @NotNull @Pattern(regexp = "read_committed|read_uncommitted") @DefaultValue("read_committed") String isolationLevel,
        @NotNull @Pattern(regexp = "latest|earliest") @DefaultValue("earliest") String autoOffsetReset,
        @NotNull @DefaultValue("100ms") Duration pollTimeout,
        @NotNull @DefaultValue("100ms") Duration fetchMaxWait,
        @NotNull @DefaultValue("5s") Duration publishTimeout,
        @NotNull @DefaultValue("1s") Duration retryBackoff) {

    public static FanoutSettings defaults() {
        return new FanoutSettings(true, "docstream-fanout", "read_committed", "earliest", Duration.ofMillis(100),
                Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(1));
    }

    public FanoutSettings withGroup(String group, String offsetReset) {
        return new FanoutSettings(enabled, group, isolationLevel, offsetReset, pollTimeout, fetchMaxWait,
                publishTimeout, retryBackoff);
    }
}
