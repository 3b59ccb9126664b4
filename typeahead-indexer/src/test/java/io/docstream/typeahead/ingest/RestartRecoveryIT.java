package io.docstream.typeahead.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docstream.protocol.DocumentEvent;
import io.docstream.testsupport.KafkaTestBroker;
import io.docstream.topics.Topics;
import io.docstream.typeahead.checkpoint.CheckpointStore;
import io.docstream.typeahead.mentions.MentionIndex;
import io.docstream.typeahead.mentions.MentionIndexes;
import io.docstream.typeahead.mentions.SelectionCounts;
import io.docstream.typeahead.titles.TitleCandidate;
import io.docstream.typeahead.titles.TitleIndex;
import io.docstream.typeahead.words.DocumentWords;
import io.docstream.typeahead.words.WordIndex;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Restart recovery: an indexer checkpoints, stops, and a new instance over the same checkpoint
 * directory answers the same queries after reading only the records written since.
 */
class RestartRecoveryIT {

    private Topics topics;
    private Path dir;

    /** One indexer process: its indexes and its ingestor. */
    private Instance start(Duration checkpointInterval) {
        return Instance.start(topics, dir, checkpointInterval);
    }

    private record Instance(TitleIndex titles, WordIndex words, SelectionCounts counts, IndexIngestor ingestor,
                            IndexWrites writes) implements AutoCloseable {
        static Instance start(Topics topics, Path dir, Duration checkpointInterval) {
            TitleIndex titles = new TitleIndex(100_000);
            WordIndex words = new WordIndex(10_000);
            SelectionCounts counts = new SelectionCounts();
            MentionIndexes mentions = new MentionIndexes(d -> new MentionIndex(List.of(), u -> 0), Duration.ofMinutes(1));
            IndexWrites writes = new IndexWrites(2, Duration.ofMillis(5), new SimpleMeterRegistry());
            IndexIngestor ingestor = new IndexIngestor(KafkaTestBroker.bootstrapServers(), topics,
                    new IndexIngestor.Indexes(titles, words, counts, mentions), new CheckpointStore(dir),
                    checkpointInterval, writes);
            ingestor.start();
            return new Instance(titles, words, counts, ingestor, writes);
        }

        List<String> answers(List<String> queries) {
            List<String> out = new ArrayList<>();
            for (String q : queries) {
                out.add(q + " -> " + titles.candidates(q, 20, true).list().stream().map(TitleCandidate::title).toList());
            }
            return out;
        }

        @Override
        public void close() {
            ingestor.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        topics = KafkaTestBroker.freshTopics(3);
        dir = Files.createTempDirectory("typeahead-restart");
    }

    @AfterEach
    void tearDown() throws Exception {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aRestartedIndexerAnswersTheSameWithoutReplayingFromTheStart() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        String[] vocabulary = {"design", "review", "roadmap", "budget", "planning", "notes", "retro", "launch", "désign", "hiring"};
        List<String> docs = new ArrayList<>();
        int firstBatch;
        try (TopicWriter w = new TopicWriter(topics)) {
            for (int i = 0; i < 400; i++) {
                String id = UUID.randomUUID().toString();
                docs.add(id);
                String title = vocabulary[rnd.nextInt(vocabulary.length)] + " " + vocabulary[rnd.nextInt(vocabulary.length)] + " " + i;
                w.event(TopicWriter.event(DocumentEvent.CREATED, id, title, "owner", "owner", 1_700_000_000_000L + i * 1000L));
            }
            for (int i = 0; i < 40; i++) { // renames and deletes
                String id = docs.get(rnd.nextInt(docs.size()));
                w.event(rnd.nextBoolean()
                        ? TopicWriter.event(DocumentEvent.RENAMED, id, "renamed launch " + i, "owner", null, 1_800_000_000_000L + i)
                        : TopicWriter.event(DocumentEvent.DELETED, id, null, "owner", null, 0));
            }
            String doc = docs.get(0);
            w.insert(doc, 1, 0, "hello wonderful world");
            w.insert(doc, 2, 5, " wide");
            for (int i = 0; i < 25; i++) {
                w.selection(doc, "a", "u" + rnd.nextInt(4));
            }
            w.flush();
            firstBatch = 400 + 40 + 2 + 25;
        }
        List<String> queries = List.of("des", "desgin", "rev", "road", "bud", "plan", "renamed lau", "hiring n", "x");
        List<String> before;
        List<String> countsBefore;
        List<DocumentWords.Completion> wordsBefore;
        try (Instance first = start(Duration.ofMillis(200))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> first.ingestor().recordsConsumed() >= firstBatch);
            assertThat(first.ingestor().recordsConsumed()).as("seed %d", seed).isEqualTo(firstBatch);
            before = first.answers(queries);
            countsBefore = sortedCounts(first.counts());
            wordsBefore = first.words().complete(docs.get(0), "w", 10);
            assertThat(wordsBefore).extracting(DocumentWords.Completion::word).containsExactlyInAnyOrder("wonderful", "world", "wide");
            await().atMost(Duration.ofSeconds(30)).until(() -> first.ingestor().checkpointsWritten() > 0);
        } // close(): final checkpoint
        assertThat(Files.exists(new CheckpointStore(dir).file())).isTrue();

        // written while the indexer is down
        String zebra = UUID.randomUUID().toString();
        try (TopicWriter w = new TopicWriter(topics)) {
            w.event(TopicWriter.event(DocumentEvent.CREATED, zebra, "Zebra crossing", "owner", "owner", 1_900_000_000_000L));
            w.insert(docs.get(0), 3, 0, "wow ");
            w.selection(docs.get(0), "a", "u0");
            w.flush();
        }

        try (Instance second = start(Duration.ofHours(1))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> second.ingestor().caughtUp());
            assertThat(second.ingestor().recordsConsumed()).as("only the tail is replayed").isEqualTo(3);
            assertThat(second.answers(queries)).as("seed %d", seed).isEqualTo(before);
            assertThat(second.titles().candidates("zeb", 10, false).list()).extracting(TitleCandidate::docId).containsExactly(zebra);
            List<String> countsAfter = sortedCounts(second.counts());
            assertThat(second.counts().get(docs.get(0), "u0")).isEqualTo(countOf(countsBefore, "u0") + 1);
            assertThat(countsAfter).hasSize(countsBefore.size());
            assertThat(second.words().complete(docs.get(0), "w", 10)).extracting(DocumentWords.Completion::word)
                    .containsExactlyInAnyOrder("wonderful", "world", "wide", "wow");
            assertThat(second.writes().failures("titles")).isZero();
        }
    }

    @Test
    void afterACrashTheRecordsSinceTheLastCheckpointAreReplayedExactlyOnce() {
        String doc = UUID.randomUUID().toString();
        try (TopicWriter w = new TopicWriter(topics)) {
            for (int i = 0; i < 10; i++) {
                w.selection(doc, "a", "u" + (i % 2));
            }
            w.insert(doc, 1, 0, "alpha beta");
            w.flush();
        }
        try (Instance first = start(Duration.ofHours(1))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> first.ingestor().recordsConsumed() >= 11);
        } // graceful: checkpoint covers the first 11 records
        Instance second = start(Duration.ofHours(1));
        try (TopicWriter w = new TopicWriter(topics)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> second.ingestor().caughtUp());
            for (int i = 0; i < 5; i++) {
                w.selection(doc, "a", "u0");
            }
            w.insert(doc, 2, 10, " gamma");
            w.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> second.ingestor().recordsConsumed() >= 6);
            assertThat(second.counts().get(doc, "u0")).isEqualTo(10);
        } finally {
            second.ingestor().crash(); // no checkpoint of the last 6 records
        }
        try (Instance third = start(Duration.ofHours(1))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> third.ingestor().caughtUp());
            assertThat(third.ingestor().recordsConsumed()).isEqualTo(6);
            assertThat(third.counts().get(doc, "u0")).isEqualTo(10); // 5 + 5, not 15
            assertThat(third.counts().get(doc, "u1")).isEqualTo(5);
            assertThat(third.words().get(doc).text()).isEqualTo("alpha beta gamma");
        }
    }

    @Test
    void aPoisonRecordIsCountedAndSkippedNotFatal() {
        try (TopicWriter w = new TopicWriter(topics); Instance inst = start(Duration.ofHours(1))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> inst.ingestor().caughtUp());
            long base = inst.ingestor().recordsConsumed();
            String doc = UUID.randomUUID().toString();
            w.raw(topics.docEvents().name(), doc, "{not json".getBytes());
            w.insert(doc, 1, 5, "out of range"); // index 5 in an empty text: a permanent failure
            w.event(TopicWriter.event(DocumentEvent.CREATED, doc, "Quokka facts", "owner", "owner", 1_900_000_000_000L));
            w.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> inst.ingestor().recordsConsumed() >= base + 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> !inst.titles().candidates("quok", 5, false).list().isEmpty());
            assertThat(inst.writes().failures("titles")).isEqualTo(1);
            assertThat(inst.writes().failures("words")).isEqualTo(1);
            assertThat(inst.ingestor().running()).isTrue();
        }
    }

    private static List<String> sortedCounts(SelectionCounts c) {
        return c.rows().stream().map(r -> r.docId() + "/" + r.userId() + "=" + r.count()).sorted().toList();
    }

    private static long countOf(List<String> rows, String user) {
        return rows.stream().filter(r -> r.contains("/" + user + "=")).mapToLong(r -> Long.parseLong(r.substring(r.indexOf('=') + 1))).sum();
    }
}
