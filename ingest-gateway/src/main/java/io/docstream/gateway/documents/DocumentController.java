package io.docstream.gateway.documents;

import io.docstream.gateway.auth.Principal;
import io.docstream.gateway.documents.DocumentsApi.DocumentPage;
import io.docstream.gateway.documents.DocumentsApi.DocumentView;
import io.docstream.gateway.documents.DocumentsApi.PermissionView;
import io.docstream.gateway.edge.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/documents/**}: documents and sharing. The role matrix is in docs/api.md. */
@RestController
@RequestMapping(path = "/api/documents", produces = "application/json")
@Tag(name = "documents", description = "documents and sharing")
public class DocumentController {

    /** Largest page size of the document list. */
    public static final int MAX_PAGE_SIZE = 100;
    /** Deepest page (bounds the OFFSET the database has to skip). */
    public static final int MAX_PAGE = 10_000;

    private final DocumentService documents;

    public DocumentController(DocumentService documents) {
        this.documents = documents;
    }

    @PostMapping(consumes = "application/json")
    @Operation(summary = "create a document; the caller becomes its owner (201)")
    public ResponseEntity<DocumentView> create(@Parameter(hidden = true) Principal caller,
                                               @Valid @RequestBody DocumentsApi.TitleRequest request) {
        DocumentView view = documents.create(caller, request.title());
        return ResponseEntity.created(URI.create("/api/documents/" + view.id())).body(view);
    }

    @GetMapping
    @Operation(summary = "the caller's documents, newest first; scope owned|shared|all, size 1..100")
    public DocumentPage list(@Parameter(hidden = true) Principal caller,
                             @RequestParam(defaultValue = "all") String scope,
                             @RequestParam(defaultValue = "0") int page,
                             @RequestParam(defaultValue = "20") int size) {
        DocumentService.Scope s = switch (scope.toLowerCase(Locale.ROOT)) {
            case "owned" -> DocumentService.Scope.OWNED;
            case "shared" -> DocumentService.Scope.SHARED;
            case "all" -> DocumentService.Scope.ALL;
            default -> throw ApiException.badRequest("scope must be owned, shared or all");
        };
        if (page < 0 || page > MAX_PAGE) {
            throw ApiException.badRequest("page must be 0.." + MAX_PAGE);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiException.badRequest("size must be 1.." + MAX_PAGE_SIZE);
        }
        return documents.list(caller, s, page, size);
    }

    @GetMapping("/{id}")
    @Operation(summary = "one document (any role); 404 when it does not exist or the caller has no role")
    public DocumentView get(@Parameter(hidden = true) Principal caller, @PathVariable UUID id) {
        return documents.get(caller, id);
    }

    @PatchMapping(path = "/{id}", consumes = "application/json")
    @Operation(summary = "rename (owner or editor)")
    public DocumentView rename(@Parameter(hidden = true) Principal caller, @PathVariable UUID id,
                               @Valid @RequestBody DocumentsApi.TitleRequest request) {
        return documents.rename(caller, id, request.title());
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "delete (owner only); open sessions are cut off")
    public ResponseEntity<Void> delete(@Parameter(hidden = true) Principal caller, @PathVariable UUID id) {
        documents.delete(caller, id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/permissions")
    @Operation(summary = "everyone with a role on the document (owner only)")
    public List<PermissionView> permissions(@Parameter(hidden = true) Principal caller, @PathVariable UUID id) {
        return documents.permissions(caller, id);
    }

    @PutMapping(path = "/{id}/permissions", consumes = "application/json")
    @Operation(summary = "share with a user by email, or change their role (owner only); 201 new, 200 changed")
    public ResponseEntity<PermissionView> share(@Parameter(hidden = true) Principal caller, @PathVariable UUID id,
                                                @Valid @RequestBody DocumentsApi.ShareRequest request) {
        DocumentService.ShareResult result = documents.share(caller, id, request.email(), Role.fromWire(request.role()));
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK).body(result.permission());
    }

    @DeleteMapping("/{id}/permissions/{userId}")
    @Operation(summary = "remove a user's role (owner only); their open sessions are cut off")
    public ResponseEntity<Void> unshare(@Parameter(hidden = true) Principal caller, @PathVariable UUID id,
                                        @PathVariable UUID userId) {
        documents.unshare(caller, id, userId);
        return ResponseEntity.noContent().build();
    }
}
