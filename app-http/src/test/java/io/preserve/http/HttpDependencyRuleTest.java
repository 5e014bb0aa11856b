package io.preserve.http;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The HTTP app receives use cases: it never reaches an adapter or the CLI. */
class HttpDependencyRuleTest {
    @Test
    void the_http_app_depends_on_no_adapter_and_not_on_the_cli() {
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.preserve.http");
        noClasses().that().resideInAPackage("io.preserve.http..")
                .should().dependOnClassesThat().resideInAnyPackage("io.preserve.adapter..", "io.preserve.cli..",
                        "java.sql..", "org.postgresql..")
                .check(classes);
    }
}
