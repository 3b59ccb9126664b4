package io.docstream.typeahead.config;

import io.docstream.topics.Topics;
import io.docstream.typeahead.access.JdbcPermissions;
import io.docstream.typeahead.access.Permissions;
import io.docstream.typeahead.api.Authenticator;
import io.docstream.typeahead.checkpoint.CheckpointStore;
import io.docstream.typeahead.ingest.IndexIngestor;
import io.docstream.typeahead.ingest.IndexWrites;
import io.docstream.typeahead.ingest.IngestHealth;
import io.docstream.typeahead.mentions.JdbcCollaborators;
import io.docstream.typeahead.mentions.MentionIndexes;
import io.docstream.typeahead.mentions.MentionLoader;
import io.docstream.typeahead.mentions.MentionSweeper;
import io.docstream.typeahead.mentions.SelectionCounts;
import io.docstream.typeahead.mentions.SelectionPublisher;
import io.docstream.typeahead.titles.TitleIndex;
import io.docstream.typeahead.titles.TitleSearch;
import io.docstream.typeahead.words.WordIndex;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the indexes, the ingestor and the API (constructor injection everywhere). */
@Configuration(proxyBeanMethods = false)
public class TypeaheadConfiguration {

    @Bean
    Topics topics(DocstreamKafkaProperties kafka) {
        return Topics.withPrefix(kafka.topicPrefix());
    }

    @Bean
    TitleIndex titleIndex(TypeaheadProperties p, MeterRegistry registry) {
        TitleIndex index = new TitleIndex(p.titleWordBudget());
        Gauge.builder("typeahead.titles.documents", index, TitleIndex::size).register(registry);
        Gauge.builder("typeahead.titles.words", index, i -> i.trie().wordCount()).register(registry);
        FunctionCounter.builder("typeahead.titles.evictions", index, i -> i.trie().evictions()).register(registry);
        return index;
    }

    @Bean
    Permissions permissions(DataSource dataSource) {
        return new JdbcPermissions(dataSource);
    }

    @Bean
    Authenticator authenticator(DataSource dataSource) {
        return new Authenticator(dataSource);
    }

    @Bean
    TitleSearch titleSearch(TitleIndex index, Permissions permissions, TypeaheadProperties p) {
        return new TitleSearch(index, permissions, p.candidatePoolCap());
    }

    @Bean
    WordIndex wordIndex(TypeaheadProperties p, MeterRegistry registry) {
        WordIndex words = new WordIndex(p.docWordBudget());
        Gauge.builder("typeahead.words.documents", words, WordIndex::documents).register(registry);
        return words;
    }

    @Bean
    SelectionCounts selectionCounts() {
        return new SelectionCounts();
    }

    @Bean
    MentionIndexes mentionIndexes(TypeaheadProperties p, DataSource dataSource, SelectionCounts counts, MeterRegistry registry) {
        MentionIndexes m = new MentionIndexes(
                new MentionLoader(new JdbcCollaborators(dataSource), counts, p.writeRetries(), p.writeRetryBackoff()),
                p.mentionIdleUnload());
        Gauge.builder("typeahead.mentions.loaded", m, MentionIndexes::loadedCount).register(registry);
        FunctionCounter.builder("typeahead.mentions.loads", m, MentionIndexes::loads).register(registry);
        FunctionCounter.builder("typeahead.mentions.unloads", m, MentionIndexes::unloads).register(registry);
        return m;
    }

    @Bean(destroyMethod = "close")
    MentionSweeper mentionSweeper(MentionIndexes m, TypeaheadProperties p) {
        return new MentionSweeper(m, p.mentionSweep());
    }

    @Bean(destroyMethod = "close")
    SelectionPublisher selectionPublisher(DocstreamKafkaProperties kafka, Topics topics) {
        return new SelectionPublisher(kafka.bootstrapServers(), topics.mentionSelections());
    }

    @Bean
    IndexWrites indexWrites(TypeaheadProperties p, MeterRegistry registry) {
        return new IndexWrites(p.writeRetries(), p.writeRetryBackoff(), registry);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    IndexIngestor indexIngestor(DocstreamKafkaProperties kafka, Topics topics, TitleIndex titles, WordIndex words,
                                SelectionCounts counts, MentionIndexes mentions, TypeaheadProperties p,
                                IndexWrites writes, MeterRegistry registry) {
        IndexIngestor ingestor = new IndexIngestor(kafka.bootstrapServers(), topics,
                new IndexIngestor.Indexes(titles, words, counts, mentions),
                new CheckpointStore(p.checkpointDir()), p.checkpointInterval(), writes);
        FunctionCounter.builder("typeahead.ingest.records", ingestor, IndexIngestor::recordsConsumed).register(registry);
        return ingestor;
    }

    /** {@code /actuator/health} component "typeahead": readiness waits for the replay to catch up. */
    @Bean
    IngestHealth typeaheadHealthIndicator(IndexIngestor ingestor) {
        return new IngestHealth(ingestor);
    }
}
