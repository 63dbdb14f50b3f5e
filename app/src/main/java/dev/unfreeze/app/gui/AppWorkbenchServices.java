package dev.unfreeze.app.gui;

import dev.unfreeze.app.worker.JavaCommand;
import dev.unfreeze.training.api.WorkbenchServices;
import dev.unfreeze.training.api.Workspace;
import java.util.List;

/**
 * The workbench's services. Listing models and reading dataset folders touch files only; anything
 * that loads a network (inspecting layers, exporting) runs {@code unfreeze} as a helper process,
 * so the window's process never loads the native engine.
 */
public final class AppWorkbenchServices {
    private AppWorkbenchServices() {}

    /** The services over a workspace, their helper processes started with {@code helperCommand}. */
    public static WorkbenchServices create(Workspace workspace, List<String> helperCommand) {
        HelperProcess helpers = new HelperProcess(helperCommand);
        return new WorkbenchServices(new AppModelServices(workspace, helpers), new AppDatasetServices(workspace, helpers),
                new AppRunServices(workspace, helpers), new AppExportServices(helpers), new AppEngineServices(helpers));
    }

    /** Helpers run on this JVM's runtime and class path. */
    public static List<String> thisJvm() {
        return JavaCommand.current(List.of("-Xmx2g"));
    }
}
