package dev.unfreeze.ui.data;

import dev.unfreeze.ui.shared.BackgroundTasks;
import dev.unfreeze.ui.shared.Feedback;
import dev.unfreeze.ui.shared.UiProgress;
import dev.unfreeze.ui.shared.Thumbnails;
import dev.unfreeze.ui.shared.WorkbenchState;
import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.DatasetServices;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleConsumer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;

/** The Data step: reading what the user dropped or opened as a dataset, and its pictures. */
public final class DataViewModel {
    private final DatasetServices services;
    private final Feedback feedback;
    private final WorkbenchState state;
    private final Executor ui;
    private final DoubleProperty progress = new SimpleDoubleProperty(-1);
    private final AtomicInteger reads = new AtomicInteger();
    private final Thumbnails thumbnails;

    public DataViewModel(DatasetServices services, Feedback feedback, WorkbenchState state, Thumbnails thumbnails,
            Executor ui) {
        this.services = services;
        this.thumbnails = thumbnails;
        this.feedback = feedback;
        this.state = state;
        this.ui = ui;
    }

    /** Reads a dropped or opened dataset folder, archive or manifest. */
    public CompletableFuture<Void> openDataset(Path source) {
        return openDataset(List.of(source));
    }

    /**
     * Reads whatever was dropped as a dataset, showing the share of files read while it works. A newer
     * drop supersedes a read still going: only the last dataset dropped is shown.
     */
    public CompletableFuture<Void> openDataset(List<Path> dropped) {
        String what = dropped.size() == 1 ? String.valueOf(dropped.get(0).getFileName()) : dropped.size() + " items";
        int read = reads.incrementAndGet();
        progress.set(0);
        DoubleConsumer reading = UiProgress.into(progress, ui);
        return feedback.latestWork("dataset", BackgroundTasks.Lane.FILES, "Reading " + what + "...",
                () -> services.inspectDataset(dropped, reading), (DatasetReport report) -> {
                    state.datasetProperty().set(report);
                    feedback.statusProperty().set(String.format(Locale.ROOT, "%d images in %d classes%s.", report.totalImages(),
                            report.classes().size(), report.canTrain() ? "" : "; the dataset cannot train yet (see its report)"));
                }).whenCompleteAsync((ignored, failure) -> {
                    if (reads.get() == read) { // a superseded read leaves the newer one's progress alone
                        progress.set(-1);
                    }
                }, ui);
    }

    /** The share of the dataset read so far while it is read, -1 otherwise. */
    public DoubleProperty datasetProgressProperty() {
        return progress;
    }

    /** The dataset as last read. */
    public ObjectProperty<DatasetReport> datasetProperty() {
        return state.datasetProperty();
    }

    /** Where the dataset's pictures come from. */
    public Thumbnails thumbnails() {
        return thumbnails;
    }
}
