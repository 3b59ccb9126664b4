package io.docstream.gateway.documents;

import io.docstream.gateway.edge.TextRules;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of the document and sharing endpoints. */
public final class DocumentsApi {

    private DocumentsApi() {}

    /** Longest document title, in UTF-16 code units. */
    public static final int MAX_TITLE = 200;

    public record TitleRequest(
            @NotBlank @Size(max = MAX_TITLE) @Pattern(regexp = TextRules.CLEAN_TEXT, message = "must not contain control characters") String title) {}

    public record ShareRequest(
            @NotNull @Size(max = 254) String email,
            @NotNull @Pattern(regexp = "editor|viewer", message = "must be editor or viewer") String role) {}

    /** A document as seen by the caller; {@code role} is the caller's. */
    public record DocumentView(UUID id, String title, UUID ownerId, String role, Instant createdAt, Instant updatedAt) {}

    public record DocumentPage(List<DocumentView> items, int page, int size, long total) {}

    public record PermissionView(UUID userId, String email, String displayName, String role, Instant grantedAt) {}
}
