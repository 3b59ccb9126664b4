package io.docstream.gateway.documents;

import io.docstream.protocol.Json;
import java.util.UUID;

/**
 * Published (JSON) on Redis channel {@code RedisChannels.acl()} after the commit of a change that
 * may take access away: {@code {"docId": "...", "userId": "..." | null, "change": "UNSHARED"}}.
 * A null {@code userId} concerns everyone on the document (it was deleted). Receivers re-check
 * roles with {@link PermissionService} rather than trusting the message. Fire-and-forget: a
 * gateway that missed one still refuses ops at the next role check.
 */
public record AccessChange(UUID docId, UUID userId, Change change) {

    public enum Change { UNSHARED, ROLE_CHANGED, DELETED }

    public String toJson() {
        return Json.MAPPER.writeValueAsString(this);
    }

    public static AccessChange fromJson(String json) {
        return Json.MAPPER.readValue(json, AccessChange.class);
    }
}
