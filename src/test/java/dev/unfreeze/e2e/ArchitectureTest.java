package dev.unfreeze.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
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
    void theEngineHasNoUserInterface() {
        noClasses().that().resideInAPackage("dev.unfreeze.training..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "dev.unfreeze.ui..", "dev.unfreeze.app..")
                .because("the engine runs headless, in a worker process and on servers without a display")
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
    void theExportRuntimeDependsOnDjlAlone() {
        ArchRuleDefinition.classes().that().resideInAPackage("dev.unfreeze.training.export.runtime..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.unfreeze.training.export.runtime..", "ai.djl..",
                        "java..")
                .because("these classes are copied into every exported model so that plain DJL can load it "
                        + "without the rest of Unfreeze")
                .check(CLASSES);
    }
}
