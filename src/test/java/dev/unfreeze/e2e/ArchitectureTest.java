package dev.unfreeze.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.List;
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

    /** The window's steps, each a package of its views and its view model. */
    private static final List<String> STEPS = List.of("data", "model", "layers", "train", "results", "export");

    @Test
    void eachStepOfTheWindowKeepsToItsOwnPackage() {
        DescribedPredicate<JavaClass> aViewModel = DescribedPredicate.describe("a step's view model",
                c -> topLevelSimpleName(c).endsWith("ViewModel"));
        for (String step : STEPS) {
            String own = "dev.unfreeze.ui." + step + "..";
            String[] others = STEPS.stream().filter(s -> !s.equals(step)).map(s -> "dev.unfreeze.ui." + s + "..")
                    .toArray(String[]::new);
            noClasses().that().resideInAPackage(own)
                    .should().dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage(others)
                            .and(DescribedPredicate.not(aViewModel)))
                    .orShould().dependOnClassesThat().resideInAPackage("dev.unfreeze.ui")
                    .because("a step is changed with its own package in mind: it may read an earlier step's view model "
                            + "(the plan reads the data and the model chosen), never another step's views, and never "
                            + "the window that assembles them")
                    .check(CLASSES);
            noClasses().that().resideInAPackage(own)
                    .and(DescribedPredicate.not(aViewModel))
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("each view is given its own step's view model only, so that what a view shows is "
                            + "decided in one place")
                    .check(CLASSES);
        }
        noClasses().that().resideInAPackage("dev.unfreeze.ui.shared..")
                .should().dependOnClassesThat().resideInAnyPackage(STEPS.stream().map(s -> "dev.unfreeze.ui." + s + "..")
                        .toArray(String[]::new))
                .orShould().dependOnClassesThat().resideInAPackage("dev.unfreeze.ui")
                .because("what the steps share (charts, background tasks, theme, feedback) knows no step")
                .check(CLASSES);
    }

    /** A nested or anonymous class belongs to the class it is written in. */
    private static String topLevelSimpleName(JavaClass c) {
        String name = c.getName();
        int nested = name.indexOf('$');
        String outer = nested < 0 ? name : name.substring(0, nested);
        return outer.substring(outer.lastIndexOf('.') + 1);
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
