package io.docstream.crdt;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine is pure: it depends only on java.* and itself (no Kafka, Spring, JDBC, JSON, logging). */
class CrdtPurityTest {

    @Test
    void crdtDependsOnlyOnJavaAndItself() {
        JavaClasses engine = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.docstream.crdt");
        classes().that().resideInAPackage("io.docstream.crdt")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.docstream.crdt", "java..")
                .check(engine);
    }
}
