package io.docstream.infra.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.docstream.client.DocStreamClient;
import io.docstream.crdt.Id;
import io.docstream.crdt.IdRange;
import io.docstream.crdt.Op;
import io.docstream.testsupport.Fixtures;
import io.docstream.testsupport.Fixtures.TestUser;
import io.docstream.traces.Trace;
import io.docstream.traces.TraceLoader;
import io.docstream.traces.TraceReplay;
import io.docstream.traces.Txn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real concurrent editing traces through the whole pipeline, one client per agent (agents
 * alternate between two gateways): every client, the ops log and the snapshot end at the trace's
 * {@code endContent}.
 *
 * <p>Each agent's ops are computed as the traces README describes (at the version named by the
 * txn's parents) with the agent's site replaced by its client's site — sites are allocated in
 * agent order, so the mapping keeps the order of ids. An agent sends an op once its own replica
 * holds the op's dependencies, i.e. once the ops it depends on came back through the pipeline.
 */
class TraceReplayIT {

    static TestStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = TestStack.start(2, 100, List.of("p1"), Map.of());
    }

    @AfterAll
    static void stop() {
        TestStack.stop(stack);
    }

    static Path traces() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path t = dir.resolve("shared/traces");
            if (Files.isDirectory(t)) {
                return t;
            }
        }
        throw new IllegalStateException("shared/traces not found above " + Path.of("").toAbsolutePath());
    }

    @ParameterizedTest
    @ValueSource(strings = {"friendsforever", "clownschool"})
    void concurrentTraceThroughThePipeline(String name) throws Exception {
        Trace trace = TraceLoader.load(traces().resolve("concurrent/" + name + ".json.gz"));
        TestUser owner = Fixtures.user(stack.db.dataSource(), "Owner");
        UUID doc = Fixtures.document(stack.db.dataSource(), owner, name);
        List<DocStreamClient> agents = new ArrayList<>();
        int[] site = new int[trace.numAgents()];
        try {
            for (int a = 0; a < trace.numAgents(); a++) {
                TestUser u = Fixtures.user(stack.db.dataSource(), "Agent" + a);
                Fixtures.grant(stack.db.dataSource(), doc, u, "editor");
                DocStreamClient c = DocStreamClient.connect(stack.ws(a % 2), u.token());
                agents.add(c);
                site[a] = c.site();
                if (a > 0) {
                    assertThat(site[a]).isGreaterThan(site[a - 1]);
                }
                c.join(doc.toString());
                c.awaitSettled(doc.toString(), 0, Duration.ofSeconds(30));
            }
            // ops per txn, computed at each txn's version, then moved to the clients' sites
            List<Op> ops = TraceReplay.local(trace).ops();
            List<Integer> owners = new ArrayList<>(ops.size());
            for (Txn t : trace.txns()) {
                int count = 0;
                for (var p : t.patches()) {
                    count += (p.delete() > 0 ? 1 : 0) + (p.insert().isEmpty() ? 0 : 1);
                }
                for (int i = 0; i < count; i++) {
                    owners.add(t.agent());
                }
            }
            assertThat(owners).hasSameSizeAs(ops);
            for (int i = 0; i < ops.size(); i++) {
                DocStreamClient c = agents.get(owners.get(i));
                Op op = remap(ops.get(i), site);
                c.awaitReady(doc.toString(), op, Duration.ofSeconds(60));
                c.sendOp(doc.toString(), op);
            }
            for (DocStreamClient c : agents) {
                c.awaitSettled(doc.toString(), ops.size(), Duration.ofSeconds(120));
                assertThat(c.text(doc.toString())).isEqualTo(trace.endContent());
                assertThat(c.errors()).isEmpty();
            }
            String logText = PipelineAssertions.awaitLogComplete(stack.db.dataSource(), doc, ops.size());
            assertThat(logText).isEqualTo(trace.endContent());
            PipelineAssertions.assertSnapshotConsistent(stack.db.dataSource(), doc, trace.endContent());
        } finally {
            agents.forEach(DocStreamClient::close);
        }
    }

    private static Op remap(Op op, int[] site) {
        if (op instanceof Op.Insert ins) {
            Id origin = ins.origin() == null ? null : new Id(ins.origin().counter(), site[ins.origin().site()]);
            return new Op.Insert(new Id(ins.id().counter(), site[ins.id().site()]), origin, ins.text());
        }
        List<IdRange> ranges = new ArrayList<>();
        for (IdRange r : ((Op.Delete) op).ranges()) {
            ranges.add(new IdRange(site[r.site()], r.counter(), r.length()));
        }
        return new Op.Delete(ranges);
    }
}
