package io.docstream.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccessChangeTest {

    @Test
    void wireFormatRoundTrips() {
        UUID doc = UUID.fromString("11111111-2222-3333-4444-555555555555");
        UUID user = UUID.fromString("66666666-7777-8888-9999-000000000000");
        AccessChange unshared = new AccessChange(doc, user, AccessChange.Change.UNSHARED);
        assertThat(unshared.toJson()).isEqualTo(
                "{\"docId\":\"11111111-2222-3333-4444-555555555555\",\"userId\":\"66666666-7777-8888-9999-000000000000\",\"change\":\"UNSHARED\"}");
        assertThat(AccessChange.fromJson(unshared.toJson())).isEqualTo(unshared);
        AccessChange deleted = new AccessChange(doc, null, AccessChange.Change.DELETED);
        assertThat(deleted.toJson()).contains("\"userId\":null");
        assertThat(AccessChange.fromJson(deleted.toJson())).isEqualTo(deleted);
    }

    @Test
    void rolesHaveTheirWireNamesAndPowers() {
        for (Role r : Role.values()) {
            assertThat(Role.fromWire(r.wire())).isEqualTo(r);
        }
        assertThat(Role.OWNER.wire()).isEqualTo("owner");
        assertThat(Role.VIEWER.canEdit()).isFalse();
        assertThat(Role.EDITOR.canEdit()).isTrue();
        assertThat(Role.EDITOR.canManage()).isFalse();
        assertThat(Role.OWNER.canManage()).isTrue();
    }
}
