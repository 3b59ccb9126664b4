package io.docstream.typeahead.trie;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The trie engine stays pure: no Spring, Kafka, JDBC, JSON, logging or other typeahead packages. */
class TriePurityTest {

    @Test
    void trieDependsOnNothingButTheJdk() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.docstream.typeahead");
        noClasses().that().resideInAPackage("io.docstream.typeahead.trie..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "org.apache.kafka..", "java.sql..", "javax.sql..",
                        "tools.jackson..", "com.fasterxml..", "org.slf4j..", "io.micrometer..",
                        "io.docstream.typeahead.titles..", "io.docstream.typeahead.mentions..",
                        "io.docstream.typeahead.words..", "io.docstream.typeahead.ingest..",
                        "io.docstream.typeahead.api..", "io.docstream.protocol..")
                .check(classes);
    }
}
