package dev.tern.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The runtime packages keep ARCHITECTURE.md's direction: services (config, tls, net) never reach up to the edge
 * (server, admin, cli), and admin only reads what lower layers expose.
 */
class RuntimeLayersTest {
    private static final com.tngtech.archunit.core.domain.JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.tern");

    @Test
    void servicesDoNotImportTheEdge() {
        noClasses().that().resideInAnyPackage("dev.tern.config..", "dev.tern.tls..", "dev.tern.net..",
                        "dev.tern.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tern.server..", "dev.tern.admin..",
                        "dev.tern.cli..")
                .check(CLASSES);
    }

    @Test
    void configDependsOnNoOtherTernPackage() {
        noClasses().that().resideInAPackage("dev.tern.config..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tern.net..", "dev.tern.tls..",
                        "dev.tern.store..")
                .check(CLASSES);
    }

    @Test
    void adminIsUsedOnlyByTheServerWiring() {
        noClasses().that().resideOutsideOfPackages("dev.tern.admin..", "dev.tern.server..")
                .should().dependOnClassesThat().resideInAPackage("dev.tern.admin..")
                .check(CLASSES);
    }
}
