package dev.unfreeze.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.Test;

/** The walls between modules, each with the reason it exists. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.unfreeze");

    @Test
    void theUserInterfaceSeesOnlyTheTrainingApi() {
        noClasses().that().resideInAPackage("dev.unfreeze.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "dev.unfreeze.training.catalog..",
                        "dev.unfreeze.training.data..", "dev.unfreeze.training.engine..", "dev.unfreeze.training.export..")
                .because("the GUI process never loads libtorch: a native crash or out-of-memory in training must not "
                        + "take the window down, so the UI talks to training through its API only")
                .check(CLASSES);
    }

    @Test
    void theWindowsProcessNeverTouchesThePyTorchEngine() {
        noClasses().that().resideInAnyPackage("dev.unfreeze.app.gui..", "dev.unfreeze.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl.pytorch..", "ai.djl.engine..",
                        "ai.djl.training..", "ai.djl.nn..", "ai.djl.ndarray..", "dev.unfreeze.training.engine..",
                        "dev.unfreeze.training.export..", "dev.unfreeze.training.runtime..")
                .because("the window's process must never load libtorch: training, inspecting models and exporting "
                        + "run in helper processes, so that a native fault cannot close the window")
                .check(CLASSES);
    }

    @Test
    void nothingTheWindowsProcessRunsReachesDjlEvenThroughOtherClasses() {
        noClasses().that().resideInAnyPackage("dev.unfreeze.app.gui..", "dev.unfreeze.ui..")
                .should().transitivelyDependOnClassesThat().resideInAPackage("ai.djl..")
                .because("a rule on direct dependencies lets the window reach the engine through a class in between "
                        + "(the model catalog, which loads a network to probe it): whatever the window's classes use, "
                        + "however indirectly, must be free of DJL")
                .check(CLASSES);
    }

    @Test
    void theEngineHasNoUserInterface() {
        noClasses().that().resideInAPackage("dev.unfreeze.training..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "dev.unfreeze.ui..", "dev.unfreeze.app..")
                .because("the engine runs headless, in a worker process and on servers without a display")
                .check(CLASSES);
    }

    @Test
    void everythingReadsAndWritesJsonWithOneConfiguration() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.unfreeze.training.api.Json")
                .and().resideOutsideOfPackage("dev.unfreeze.e2e..") // tests read the output with their own, on purpose
                .should().callConstructor(com.fasterxml.jackson.databind.ObjectMapper.class)
                .orShould().callMethod(com.fasterxml.jackson.databind.json.JsonMapper.class, "builder")
                .because("files one part writes another reads (and a newer version's an older one's): one "
                        + "configuration, dev.unfreeze.training.api.Json, decides how unknown properties and indentation go")
                .check(CLASSES);
    }

    @Test
    void theApiLeaksNoDjlTypes() {
        noClasses().that().resideInAPackage("dev.unfreeze.training.api..")
                .should().dependOnClassesThat().resideInAPackage("ai.djl..")
                .because("callers of the engine (the UI, the command line, a worker client) must not need DJL")
                .check(CLASSES);
    }

    @Test
    void theModelRuntimeDependsOnDjlAlone() {
        ArchRuleDefinition.classes().that().resideInAPackage("dev.unfreeze.training.runtime..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.unfreeze.training.runtime..", "ai.djl..",
                        "java..")
                .because("these classes are copied into every exported model so that plain DJL can load it "
                        + "without the rest of Unfreeze")
                .check(CLASSES);
    }

    @Test
    void theTrainingPackagesFormNoCycle() {
        SlicesRuleDefinition.slices().matching("dev.unfreeze.training.(*)..").should().beFreeOfCycles()
                .because("each layer (api, data, runtime, catalog, runs, engine, export) can then be understood, "
                        + "tested and changed with only the ones below it in mind")
                .check(CLASSES);
    }

    @Test
    void runStorageNeedsNoEngine() {
        noClasses().that().resideInAPackage("dev.unfreeze.training.runs..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "dev.unfreeze.training.engine..",
                        "dev.unfreeze.training.catalog..", "dev.unfreeze.training.export..")
                .because("the window's process and the command line list, read and follow run folders "
                        + "without loading the native engine")
                .check(CLASSES);
    }
}
