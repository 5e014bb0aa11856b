package io.preserve.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Dependencies point inward only: apps -> adapters -> domain; the domain sees nothing but the JDK. */
class DependencyRuleTest {
    static JavaClasses preserve;

    @BeforeAll
    static void importClasses() {
        preserve = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.preserve");
    }

    @Test
    void the_domain_depends_on_nothing_but_the_jdk() {
        classes().that().resideInAPackage("io.preserve.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.preserve.domain..")
                .check(preserve);
    }

    @Test
    void the_jdbc_adapter_sees_no_other_adapter_and_no_app() {
        noClasses().that().resideInAPackage("io.preserve.adapter.jdbc..")
                .should().dependOnClassesThat().resideInAnyPackage("io.preserve.adapter.storage..", "io.preserve.cli..",
                        "io.preserve.http..")
                .check(preserve);
    }

    @Test
    void the_storage_adapter_sees_no_other_adapter_and_no_app() {
        noClasses().that().resideInAPackage("io.preserve.adapter.storage..")
                .should().dependOnClassesThat().resideInAnyPackage("io.preserve.adapter.jdbc..", "io.preserve.cli..",
                        "io.preserve.http..")
                .check(preserve);
    }

    @Test
    void only_the_serve_command_hands_the_use_cases_to_the_http_app() {
        noClasses().that().resideInAPackage("io.preserve.cli..").and().doNotHaveSimpleName("ServeCmd")
                .should().dependOnClassesThat().resideInAPackage("io.preserve.http..")
                .check(preserve);
    }

    /**
     * The dialects stay apart: MySQL code sees no PostgreSQL class (Pg*, the COPY restore, the migration readers, the
     * PostgreSQL driver), PostgreSQL code sees nothing of MySQL's. What they share is the URL reading (ConnectionSpec,
     * DatabaseUrl, MySqlUrl), the history tables' interface (MigrationHistories: the migration folders are read once for both)
     * and the domain's ports.
     */
    @Test
    void mysql_code_reaches_no_postgresql_class() {
        noClasses().that().resideInAPackage("io.preserve.adapter.jdbc.mysql..")
                .should().dependOnClassesThat().resideInAnyPackage("io.preserve.adapter.jdbc.restore..",
                        "io.preserve.adapter.jdbc.migrations..", "org.postgresql..")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("Pg")
                .check(preserve);
    }

    @Test
    void postgresql_code_reaches_no_mysql_class() {
        noClasses().that().resideInAPackage("io.preserve.adapter.jdbc..").and().resideOutsideOfPackage("io.preserve.adapter.jdbc.mysql..")
                .should().dependOnClassesThat().resideInAnyPackage("io.preserve.adapter.jdbc.mysql..", "org.mariadb..")
                .check(preserve);
    }

    /** jOOQ's first use costs most of a second: only the MySQL package may touch it, so a PostgreSQL run never loads it. */
    @Test
    void only_the_mysql_package_uses_jooq_or_the_mariadb_driver() {
        noClasses().that().resideOutsideOfPackage("io.preserve.adapter.jdbc.mysql..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jooq..", "org.mariadb..")
                .check(preserve);
    }

    /** The composition root reaches the MySQL adapters through one class, which Wiring calls only for a MySQL URL. */
    @Test
    void only_mysql_wiring_reaches_the_mysql_adapters() {
        noClasses().that().resideInAPackage("io.preserve.cli..").and().doNotHaveSimpleName("MySqlWiring")
                .should().dependOnClassesThat().resideInAPackage("io.preserve.adapter.jdbc.mysql..")
                .check(preserve);
    }

    @Test
    void no_jdbc_or_zstd_type_leaks_into_the_domain_or_the_cli() {
        noClasses().that().resideInAnyPackage("io.preserve.domain..", "io.preserve.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.postgresql..",
                        "com.github.luben..", "com.zaxxer..", "org.jooq..", "org.mariadb..")
                .check(preserve);
    }
}
