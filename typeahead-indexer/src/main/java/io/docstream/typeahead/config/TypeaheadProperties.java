package io.docstream.typeahead.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the typeahead indexer ({@code docstream.typeahead.*}).
 *
 * @param checkpointDir       directory of the checkpoint file; default {@code ${java.io.tmpdir}/docstream-typeahead}
 * @param checkpointInterval  how often the indexes are checkpointed (and at shutdown); default 30s
 * @param titleWordBudget     most distinct words in the global title index (LRU beyond); default 2,000,000
 * @param docWordBudget       most distinct words indexed per document for completion; default 10,000
 * @param mentionIdleUnload   a document's mention index is unloaded after this long unused; default 10m
 * @param mentionSweep        how often idle mention indexes are looked for; default 30s
 * @param candidatePoolCap    most title candidates examined for one query (the pool doubles up to it); default 1000
 * @param writeRetries        retries of a failing index write before it is counted as failed; default 3
 * @param writeRetryBackoff   first retry delay, doubled each retry; default 50ms
 */
@Validated
@ConfigurationProperties("docstream.typeahead")
public record TypeaheadProperties(
        Path checkpointDir,
        @DefaultValue("30s") @NotNull Duration checkpointInterval,
        @DefaultValue("2000000") @Min(100) int titleWordBudget,
        @DefaultValue("10000") @Min(10) int docWordBudget,
        @DefaultValue("10m") @NotNull Duration mentionIdleUnload,
        @DefaultValue("30s") @NotNull Duration mentionSweep,
        @DefaultValue("1000") @Min(10) @Max(100000) int candidatePoolCap,
        @DefaultValue("3") @Min(0) @Max(20) int writeRetries,
        @DefaultValue("50ms") @NotNull Duration writeRetryBackoff) {

    public TypeaheadProperties {
        if (checkpointDir == null) {
            checkpointDir = Path.of(System.getProperty("java.io.tmpdir"), "docstream-typeahead");
        }
    }
}
