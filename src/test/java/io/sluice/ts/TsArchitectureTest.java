package io.sluice.ts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * {@code io.sluice.ts} stands alone: plain Java that knows no other Sluice package (the project-wide rules,
 * including "no Quarkus or CDI", are in {@code io.sluice.ArchitectureTest}).
 */
@AnalyzeClasses(packages = "io.sluice", importOptions = ImportOption.DoNotIncludeTests.class)
class TsArchitectureTest {

    @ArchTest
    static final ArchRule tsDependsOnNoOtherSluicePackage = noClasses()
            .that()
            .resideInAPackage("io.sluice.ts..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.sluice.srt..",
                    "io.sluice.stream..",
                    "io.sluice.ingest..",
                    "io.sluice.output..",
                    "io.sluice.api..",
                    "io.sluice.persistence..",
                    "io.sluice.ports..",
                    "io.sluice.config..",
                    "io.sluice.health..",
                    "io.sluice.problem..",
                    "io.sluice.metrics..");
}
