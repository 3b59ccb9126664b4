package io.docstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.docstream.protocol.CanonicalOp;
import io.docstream.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** docs/canonical-op.schema.json stays in step with the CanonicalOp record and its JSON. */
class CanonicalOpSchemaTest {

    private static final Path SCHEMA = Path.of("..", "docs", "canonical-op.schema.json");

    @Test
    void theSchemaNamesExactlyTheFieldsOfCanonicalOp() throws Exception {
        JsonNode schema = Json.MAPPER.readTree(Files.readString(SCHEMA));
        Set<String> documented = new HashSet<>(schema.get("properties").propertyNames());
        Set<String> actual = new HashSet<>(Arrays.stream(CanonicalOp.class.getRecordComponents()).map(c -> c.getName()).toList());
        assertThat(documented).isEqualTo(actual);
        for (JsonNode required : schema.get("required")) {
            assertThat(actual).contains(required.asString());
        }
    }

    @Test
    void theExamplesReadAsCanonicalOps() throws Exception {
        JsonNode schema = Json.MAPPER.readTree(Files.readString(SCHEMA));
        List<String> kinds = new java.util.ArrayList<>();
        for (JsonNode example : schema.get("examples")) {
            CanonicalOp op = Json.MAPPER.treeToValue(example, CanonicalOp.class);
            assertThat(op.seq()).isPositive();
            kinds.add(op.op().kind() + "/" + op.index().kind());
            assertThat(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(op))).isEqualTo(example);
        }
        assertThat(kinds).containsExactly("insert/insert", "delete/delete");
    }
}
