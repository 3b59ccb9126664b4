package io.docstream.pipeline;

/**
 * Which generation of the op-ingest topic and of the crdt-processor application is live, as recorded
 * on the compacted {@code pipeline-control} topic. Growing the partition count of {@code doc-ops-in}
 * remaps document ids to partitions, and the processor's per-document state is sharded by those
 * partitions, so a grow is a move to a new generation: a new input topic with more partitions and a
 * new Streams application whose changelogs receive the old state re-partitioned
 * (see {@code infra/bin/grow-partitions} and {@code docs/operations.md}).
 *
 * <p>Phases of a move to generation {@code g}:
 * <ul>
 *   <li>{@link Phase#SWITCHING}: gateways produce to generation {@code g}'s input topic (where ops
 *       queue); processors keep running generation {@code g - 1} until its input is drained.
 *   <li>{@link Phase#MIGRATING}: processors stop generation {@code g - 1}; the tool copies its state.
 *   <li>{@link Phase#ACTIVE}: processors run generation {@code g}.
 * </ul>
 * Generation 1 is the plain {@code doc-ops-in} topic and the configured application id, so a
 * deployment that never grew needs no control record at all.
 *
 * @param generation the generation (1 = the original topics)
 * @param phase      where the move to {@code generation} stands
 * @param partitions partition count of the generation's input topic
 */
public record PipelineGeneration(int generation, Phase phase, int partitions) {

    /** The key of the one record on the control topic. */
    public static final String KEY = "generation";

    public enum Phase { SWITCHING, MIGRATING, ACTIVE }

    public PipelineGeneration {
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be >= 1, was " + generation);
        }
        if (phase == null) {
            throw new IllegalArgumentException("phase is missing");
        }
    }

    /** The state of a deployment without a control record. */
    public static PipelineGeneration initial(int partitions) {
        return new PipelineGeneration(1, Phase.ACTIVE, partitions);
    }

    /** The generation whose input topic gateways produce to now. */
    public int ingestGeneration() {
        return generation;
    }

    /**
     * The generation processors should run now, or 0 for none (while its state is being copied).
     */
    public int processingGeneration() {
        return switch (phase) {
            case SWITCHING -> generation - 1;
            case MIGRATING -> 0;
            case ACTIVE -> generation;
        };
    }

    /** Name of generation {@code g}'s input topic, given the base name ({@code <prefix>doc-ops-in}). */
    public static String inputTopic(String baseName, int g) {
        return g == 1 ? baseName : baseName + "-g" + g;
    }

    /** Streams application id of generation {@code g}, given the configured (generation 1) id. */
    public static String applicationId(String baseId, int g) {
        return g == 1 ? baseId : baseId + "-g" + g;
    }
}
