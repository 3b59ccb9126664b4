package io.docstream.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void saneIdsAreKept() {
        assertThat(RequestIds.acceptOrGenerate("abc-123_45.6:7")).isEqualTo("abc-123_45.6:7");
        assertThat(RequestIds.acceptOrGenerate("f".repeat(64))).isEqualTo("f".repeat(64));
    }

    @Test
    void othersAreReplacedWithAUuid() {
        for (String bad : new String[] {null, "", "short", "f".repeat(65), "has space in it", "new\nline-injection",
                "<script>x</script>", "caf\u00e9-request-id"}) {
            String id = RequestIds.acceptOrGenerate(bad);
            assertThat(id).as("for %s", bad).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        }
        assertThat(RequestIds.acceptOrGenerate(null)).isNotEqualTo(RequestIds.acceptOrGenerate(null));
    }

    @Test
    void textRulesRejectControlCharactersAndLoneSurrogatesButNotEmoji() {
        assertThat("Minutes 🎉 é".matches(TextRules.CLEAN_TEXT)).isTrue();
        assertThat("nul\u0000".matches(TextRules.CLEAN_TEXT)).isFalse();
        assertThat("tab\t".matches(TextRules.CLEAN_TEXT)).isFalse();
        assertThat("lone \ud800".matches(TextRules.CLEAN_TEXT)).isFalse();
        assertThat("a.b@example.co.uk".matches(TextRules.EMAIL)).isTrue();
        assertThat("a@b".matches(TextRules.EMAIL)).isFalse();
        assertThat("a b@example.com".matches(TextRules.EMAIL)).isFalse();
        assertThat("a@@example.com".matches(TextRules.EMAIL)).isFalse();
    }
}
