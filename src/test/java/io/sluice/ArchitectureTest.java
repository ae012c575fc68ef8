package io.sluice;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Dependencies point one way: {@code api → ingest/output → stream → ts, srt}. The data-plane packages are
 * plain Java (no CDI, no Quarkus), and entities never leave the service layer.
 */
@AnalyzeClasses(packages = "io.sluice", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule srtAndTsAndStreamArePlainJava = noClasses()
            .that()
            .resideInAnyPackage("io.sluice.srt..", "io.sluice.ts..", "io.sluice.stream..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.quarkus..",
                    "jakarta.enterprise..",
                    "jakarta.inject..",
                    "jakarta.ws..",
                    "jakarta.persistence..");

    @ArchTest
    static final ArchRule srtDependsOnNothingOfSluice = noClasses()
            .that()
            .resideInAPackage("io.sluice.srt..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.sluice.ts..",
                    "io.sluice.stream..",
                    "io.sluice.ingest..",
                    "io.sluice.output..",
                    "io.sluice.api..",
                    "io.sluice.persistence..",
                    "io.sluice.ports..",
                    "io.sluice.config..");

    @ArchTest
    static final ArchRule streamKnowsOnlySrtAndTs = noClasses()
            .that()
            .resideInAPackage("io.sluice.stream..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.sluice.ingest..",
                    "io.sluice.output..",
                    "io.sluice.api..",
                    "io.sluice.persistence..",
                    "io.sluice.ports..",
                    "io.sluice.config..");

    @ArchTest
    static final ArchRule outputsDoNotKnowIngestsOrTheApi = noClasses()
            .that()
            .resideInAPackage("io.sluice.output..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.sluice.ingest..", "io.sluice.api..", "io.sluice.persistence..");

    @ArchTest
    static final ArchRule nothingBelowTheApiKnowsTheApi = noClasses()
            .that()
            .resideOutsideOfPackage("io.sluice.api..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.sluice.api..");

    @ArchTest
    static final ArchRule entitiesStayInTheServiceLayer = noClasses()
            .that()
            .resideInAnyPackage("io.sluice.api..", "io.sluice.stream..", "io.sluice.output..", "io.sluice.srt..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.sluice.persistence..");
}
