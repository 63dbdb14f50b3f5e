package dev.unfreeze.training.data;

import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.UnfreezeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;

/** Opens and inspects a dataset named the way recipes and the command line name one. */
public final class Datasets {
    private Datasets() {}

    /**
     * Reads a dataset source, with an optional separate validation folder, and inspects it.
     *
     * @param train a folder, archive or manifest
     * @param val a separate validation folder of class folders, or null
     * @param workspaceCache the workspace's cache folder (archives are extracted under it)
     * @param progress the share of files read so far, from background threads
     */
    public static DatasetInspector.Inspection inspect(String train, String val, Path workspaceCache, DoubleConsumer progress) {
        return DatasetInspector.inspect(layout(List.of(Path.of(train)), val, workspaceCache), progress, workspaceCache);
    }

    /** The layout of one or several dropped paths, with an optional separate validation folder. */
    public static DatasetLayout layout(List<Path> sources, String val, Path workspaceCache) {
        DatasetLayout layout = DatasetSources.open(sources, workspaceCache);
        if (val == null) {
            return layout;
        }
        DatasetLayout valLayout = DatasetSources.open(List.of(Path.of(val)), workspaceCache);
        if (layout.hasOwnSplit()) {
            throw new UnfreezeException("the dataset " + layout.source() + " already has its own validation part;"
                    + " a separate validation folder would be a second one");
        }
        List<LabelledFile> files = new ArrayList<>(layout.files());
        valLayout.files().forEach(f -> files.add(new LabelledFile(f.file(), f.label(), Split.VAL)));
        List<DatasetReport.Finding> findings = new ArrayList<>(layout.findings());
        findings.addAll(valLayout.findings());
        return new DatasetLayout(layout.source() + " with validation " + valLayout.source(), layout.location(),
                layout.kind(), layout.root(), files, findings);
    }
}
