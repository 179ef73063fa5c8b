package dev.archiver.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The build holds the architecture: dependencies point one way, and only the CLI talks to the
 * terminal.
 */
class LayeringTest {

  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.archiver");

  @Test
  void connectorsNeverSeeKafkaStreams() {
    noClasses()
        .that()
        .resideInAPackage("dev.archiver.connectors..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..", "dev.archiver.streams..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void processorsNeverTalkToStorageSdksDirectly() {
    noClasses()
        .that()
        .resideInAPackage("dev.archiver.streams..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("software.amazon..", "java.sql..")
        .check(classes);
  }

  @Test
  void packagesDependOnEachOtherWithoutCycles() {
    // Each streams flow (intake, chunks, archive, integrity, restore, catalog) sits on common,
    // state, serde and work;
    // only the topology at the root knows them all.
    slices().matching("dev.archiver.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void onlyTheCliPrintsOrExits() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.archiver.cli..")
        .should()
        .accessField(System.class, "out")
        .orShould()
        .callMethod(System.class, "exit", int.class)
        .check(classes);
  }
}
