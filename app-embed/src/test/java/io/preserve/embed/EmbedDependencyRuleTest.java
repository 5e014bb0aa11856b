package io.preserve.embed;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The embedding is a front end like the command line: it composes adapters and services and hands out the domain's use
 * cases. What a service sees of it is one class and its builder; drivers and pools stay behind them.
 */
class EmbedDependencyRuleTest {
    static JavaClasses embed;

    @BeforeAll
    static void importClasses() {
        embed = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.preserve.embed");
    }

    @Test
    void a_service_sees_preserve_and_its_builder_only() {
        classes().that().resideInAPackage("io.preserve.embed").and().haveModifier(JavaModifier.PUBLIC)
                .should().haveFullyQualifiedName(Preserve.class.getName())
                .orShould().haveFullyQualifiedName(Preserve.Builder.class.getName())
                .check(embed);
    }

    /**
     * A PostgreSQL embedding never loads a MySQL class, nor jOOQ through them: one class reaches the MySQL adapters, and
     * {@link Preserve} reaches it only from {@code Preserve.mysql}.
     */
    @Test
    void only_mysql_embedding_reaches_the_mysql_adapters() {
        noClasses().that().resideInAPackage("io.preserve.embed..").and().doNotHaveSimpleName("MySqlEmbedding")
                .should().dependOnClassesThat().resideInAnyPackage("io.preserve.adapter.jdbc.mysql..", "org.jooq..", "org.mariadb..")
                .check(embed);
    }

    @Test
    void no_driver_pool_or_other_front_end_is_touched() {
        noClasses().that().resideInAPackage("io.preserve.embed..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.postgresql..", "com.zaxxer..",
                        "io.preserve.cli..", "io.preserve.http..")
                .check(embed);
    }
}
