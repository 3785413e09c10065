package dev.imaginestudio;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of DESIGN.md's "Layering": features depend downward only, nothing depends on the pages, and a
 * provider reports to the ledger through an interface instead of importing the job package. A new upward import fails
 * the build here, naming the two classes, instead of surfacing later as a cycle nobody can cut.
 */
class ArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMain() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.imaginestudio");
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.imaginestudio.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void featuresDependDownwardOnly() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("web")
                .definedBy("dev.imaginestudio.web..")
                .layer("gallery")
                .definedBy("dev.imaginestudio.gallery..")
                .layer("poller")
                .definedBy("dev.imaginestudio.poller..")
                .layer("job")
                .definedBy("dev.imaginestudio.job..")
                .layer("account")
                .definedBy("dev.imaginestudio.account..")
                .layer("provider")
                .definedBy("dev.imaginestudio.provider..")
                .layer("media")
                .definedBy("dev.imaginestudio.media..")
                .layer("config")
                .definedBy("dev.imaginestudio.config..")
                .layer("common")
                .definedBy("dev.imaginestudio.common..")
                .whereLayer("web")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("gallery")
                .mayOnlyBeAccessedByLayers("web")
                .whereLayer("poller")
                .mayOnlyBeAccessedByLayers("web")
                .whereLayer("job")
                .mayOnlyBeAccessedByLayers("poller", "gallery", "web")
                .whereLayer("account")
                .mayOnlyBeAccessedByLayers("job", "poller", "gallery", "web")
                .whereLayer("account")
                .mayOnlyAccessLayers("common", "config")
                .whereLayer("provider")
                .mayOnlyBeAccessedByLayers("job", "poller", "gallery", "web")
                .whereLayer("media")
                .mayOnlyBeAccessedByLayers("provider", "job", "poller", "gallery", "web")
                .whereLayer("common")
                .mayOnlyAccessLayers("config")
                .whereLayer("config")
                .mayOnlyAccessLayers("common")
                .check(main);
    }

    @Test
    void providerPayloadsStayInsideTheirProvider() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.imaginestudio.provider..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.imaginestudio.provider.openrouter..",
                        "dev.imaginestudio.provider.aigateway..",
                        "dev.imaginestudio.provider.xai..",
                        "dev.imaginestudio.provider.http..")
                .check(main);
    }
}
