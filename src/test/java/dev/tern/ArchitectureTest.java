package dev.tern;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/** Holds the layer rules of ARCHITECTURE.md: imports point down only, protocols never import each other. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tern");
        assertThat(classes).as("production classes imported").isNotEmpty();
    }

    @Test
    void layersPointDownOnly() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("edge").definedBy("dev.tern.cli..", "dev.tern.server..", "dev.tern.admin..")
                .layer("protocols").definedBy("dev.tern.smtp..", "dev.tern.imap..", "dev.tern.pop3..")
                .layer("services").definedBy("dev.tern.delivery..", "dev.tern.queue..", "dev.tern.outbound..",
                        "dev.tern.auth..", "dev.tern.mailbox..", "dev.tern.mime..", "dev.tern.dns..",
                        "dev.tern.tls..", "dev.tern.config..", "dev.tern.net..")
                .layer("storage").definedBy("dev.tern.store..")
                .whereLayer("edge").mayNotBeAccessedByAnyLayer()
                .whereLayer("protocols").mayOnlyBeAccessedByLayers("edge")
                .whereLayer("services").mayOnlyBeAccessedByLayers("edge", "protocols")
                .whereLayer("storage").mayOnlyBeAccessedByLayers("edge", "protocols", "services")
                .check(classes);
    }

    @Test
    void protocolsNeverImportEachOther() {
        slices().matching("dev.tern.(smtp|imap|pop3)..").should().notDependOnEachOther()
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void protocolsReachMailboxesOnlyThroughTheMailboxService() {
        noClasses().that().resideInAnyPackage("dev.tern.smtp..", "dev.tern.imap..", "dev.tern.pop3..")
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.tern.store.MailStore")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.tern.store.BlobStore")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.tern.store.DirectoryStore")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.tern.store.Storage")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void onlyTheEdgeChoosesAStorageBackend() {
        noClasses().that().resideOutsideOfPackages("dev.tern.cli..", "dev.tern.server..", "dev.tern.admin..",
                        "dev.tern.store.sql..", "dev.tern.store.blob..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tern.store.sql..", "dev.tern.store.blob..")
                .check(classes);
    }

    @Test
    void theStorageContractKnowsNoBackend() {
        noClasses().that().resideInAPackage("dev.tern.store")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tern.store.sql..", "dev.tern.store.blob..")
                .check(classes);
    }

    @Test
    void mimeStandsAlone() {
        noClasses().that().resideInAPackage("dev.tern.mime..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tern.store..", "dev.tern.mailbox..",
                        "dev.tern.net..", "dev.tern.config..", "dev.tern.auth..", "dev.tern.delivery..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void noGrabBagPackages() {
        noClasses().should().resideInAnyPackage("..util..", "..utils..", "..common..", "..helpers..", "..misc..")
                .check(classes);
    }
}
