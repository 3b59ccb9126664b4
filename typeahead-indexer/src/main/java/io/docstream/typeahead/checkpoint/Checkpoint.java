package io.docstream.typeahead.checkpoint;

import io.docstream.typeahead.mentions.SelectionCounts;
import io.docstream.typeahead.titles.TitleEntry;
import io.docstream.typeahead.words.WordIndex;
import java.util.List;
import java.util.Map;

/**
 * A consistent snapshot of every index and the topic positions it covers: replaying from
 * {@code offsets} (key {@code "<topic>:<partition>"}, value the next offset to read) on top of
 * this state gives the same indexes as replaying the topics from the beginning.
 */
public record Checkpoint(int version, long createdAt, Map<String, Long> offsets, List<TitleEntry> titles,
                         List<SelectionCounts.Row> selections, List<WordIndex.DocText> texts) {

    public static final int VERSION = 1;

    public static String key(String topic, int partition) {
        return topic + ":" + partition;
    }
}
