package io.docstream.gateway.collab;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.docstream.protocol.CanonicalOp;
import io.docstream.protocol.ErrorCode;
import io.docstream.protocol.IndexView;
import io.docstream.protocol.Json;
import io.docstream.protocol.WireOp;

/** Server → client messages of the collaboration protocol (docs/protocol.md). */
final class Messages {

    private Messages() {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Welcome(String type, int site, String userId, String gatewayId, int maxFrameBytes) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Joined(String type, String doc, String role, long seq, String state, Boolean resumed) {}

    record OpMsg(String type, String doc, long seq, String userId, int site, long clientSeq, WireOp op, IndexView index) {}

    record Ack(String type, String doc, long clientSeq, long seq) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(String type, String code, String message, String doc, Long clientSeq) {}

    record Left(String type, String doc, String reason) {}

    record RoleChanged(String type, String doc, String role) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Pong(String type, Object id) {}

    static String welcome(int site, String userId, String gatewayId, int maxFrameBytes) {
        return write(new Welcome("welcome", site, userId, gatewayId, maxFrameBytes));
    }

    static String joinedWithState(String doc, String role, long seq, String stateBase64) {
        return write(new Joined("joined", doc, role, seq, stateBase64, null));
    }

    static String joinedResumed(String doc, String role, long seq) {
        return write(new Joined("joined", doc, role, seq, null, true));
    }

    static String op(CanonicalOp op) {
        return write(new OpMsg("op", op.docId(), op.seq(), op.userId(), op.site(), op.clientSeq(), op.op(), op.index()));
    }

    static String ack(CanonicalOp op) {
        return write(new Ack("ack", op.docId(), op.clientSeq(), op.seq()));
    }

    static String error(ErrorCode code, String message, String doc, Long clientSeq) {
        return write(new Error("error", code.name(), message, doc, clientSeq));
    }

    static String left(String doc, String reason) {
        return write(new Left("left", doc, reason));
    }

    static String role(String doc, String role) {
        return write(new RoleChanged("role", doc, role));
    }

    static String pong(Object id) {
        return write(new Pong("pong", id));
    }

    private static String write(Object o) {
        return Json.MAPPER.writeValueAsString(o);
    }
}
