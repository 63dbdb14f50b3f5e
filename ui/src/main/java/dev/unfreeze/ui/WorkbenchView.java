package dev.unfreeze.ui;

import dev.unfreeze.ui.data.DataView;
import dev.unfreeze.ui.export.ExportView;
import dev.unfreeze.ui.layers.LayersView;
import dev.unfreeze.ui.model.ModelView;
import dev.unfreeze.ui.results.ResultsView;
import dev.unfreeze.ui.shared.Theme;
import dev.unfreeze.ui.shared.TrainingMonitor;
import dev.unfreeze.ui.shared.WorkbenchState;
import dev.unfreeze.ui.train.RunEndNotifier;
import dev.unfreeze.ui.train.TrainView;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import javafx.application.Application;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PopOver;
import org.controlsfx.control.TaskProgressView;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** The window's content: the side bar of steps, the current step, an error bar and a status bar. */
public final class WorkbenchView extends BorderPane {
    private final Map<WorkbenchState.Step, ToggleButton> stepButtons = new EnumMap<>(WorkbenchState.Step.class);

    public WorkbenchView(WorkbenchViewModel model) {
        if (Application.getUserAgentStylesheet() == null) {
            Theme.LIGHT.apply(); // the style sheet below names the theme's colours
        }
        getStyleClass().add("workbench");
        getStylesheets().add(WorkbenchView.class.getResource("workbench.css").toExternalForm());
        Map<WorkbenchState.Step, Node> views = new EnumMap<>(WorkbenchState.Step.class);
        TrainingMonitor monitor = model.training().monitor();
        views.put(WorkbenchState.Step.DATA, new DataView(model.data(), model::openModelFile));
        views.put(WorkbenchState.Step.MODEL, new ModelView(model.models()));
        views.put(WorkbenchState.Step.LAYERS, new LayersView(model.plan(), monitor, () -> model.training().train(false)));
        views.put(WorkbenchState.Step.TRAIN, new TrainView(model.training()));
        views.put(WorkbenchState.Step.RESULTS, new ResultsView(model.results(), monitor));
        views.put(WorkbenchState.Step.EXPORT, new ExportView(model.exports(), monitor));

        VBox sideBar = new VBox(4);
        sideBar.getStyleClass().add("side-bar");
        sideBar.setPadding(new Insets(12));
        Label brand = new Label("Unfreeze", new FontIcon(Material2AL.AC_UNIT));
        brand.getStyleClass().add("brand");
        sideBar.getChildren().add(brand);
        ToggleGroup group = new ToggleGroup();
        String[] names = {"1  Data", "2  Model", "3  Layers & schedule", "4  Train", "5  Results", "6  Export"};
        Ikon[] icons = {Material2MZ.PHOTO_LIBRARY, Material2AL.ACCOUNT_TREE, Material2AL.LAYERS,
            Material2MZ.SHOW_CHART, Material2AL.ASSESSMENT, Material2MZ.SAVE_ALT};
        for (WorkbenchState.Step step : WorkbenchState.Step.values()) {
            ToggleButton button = new ToggleButton(names[step.ordinal()], new FontIcon(icons[step.ordinal()]));
            button.setGraphicTextGap(10);
            button.setToggleGroup(group);
            button.setMaxWidth(Double.MAX_VALUE);
            button.getStyleClass().add("step-button");
            button.setId("step-" + step.name().toLowerCase(Locale.ROOT));
            button.setOnAction(e -> model.stepProperty().set(step));
            stepButtons.put(step, button);
            sideBar.getChildren().add(button);
        }
        Label summary = new Label();
        summary.setWrapText(true);
        summary.getStyleClass().add("hint");
        summary.textProperty().bind(Bindings.createStringBinding(() -> {
            String data = model.state().datasetProperty().get() == null ? "no data" : model.state().datasetProperty().get().classes().size()
                    + " classes, " + model.state().datasetProperty().get().totalImages() + " images";
            String m = model.state().modelProperty().get() == null ? "no model" : model.state().modelProperty().get().id();
            return data + "\n" + m + "\nschedule: " + model.plan().schedule().presetProperty().get().text();
        }, model.state().datasetProperty(), model.state().modelProperty(), model.plan().schedule().presetProperty()));
        VBox.setVgrow(summary, Priority.ALWAYS);
        Label engine = new Label();
        engine.setWrapText(true);
        engine.getStyleClass().add("hint");
        engine.textProperty().bind(model.models().engineProperty());
        sideBar.getChildren().addAll(summary, engine);
        setLeft(sideBar);

        ScrollPane content = new ScrollPane();
        content.setFitToWidth(true);
        setCenter(content);
        model.stepProperty().addListener((obs, old, step) -> show(step, views, content));
        show(model.stepProperty().get(), views, content);

        setTop(errorBar(model));
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(model.busyProperty().or(model.training().monitor().runningProperty()));
        Label status = new Label();
        status.textProperty().bind(model.statusProperty());
        ProgressBar unpacking = new ProgressBar();
        unpacking.setPrefWidth(180);
        unpacking.progressProperty().bind(model.models().engineProgressProperty());
        unpacking.visibleProperty().bind(model.models().engineProgressProperty().greaterThan(-2));
        unpacking.managedProperty().bind(unpacking.visibleProperty());
        HBox statusBar = new HBox(8, busy, unpacking, status, spacer(), tasksLink(model));
        statusBar.getStyleClass().add("status-bar");
        statusBar.setPadding(new Insets(4, 12, 4, 12));
        setBottom(statusBar);
        RunEndNotifier.install(this, model.training().monitor());
    }

    private static Region spacer() {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return spacer;
    }

    /**
     * "N background tasks" while any runs: opens the task list (ControlsFX's TaskProgressView in a
     * pop-over), where each task shows its title and can be cancelled.
     */
    private static Node tasksLink(WorkbenchViewModel model) {
        TaskProgressView<Task<?>> list = new TaskProgressView<>();
        list.setId("task-list");
        list.setPrefSize(420, 220);
        ObservableList<Task<?>> running = model.tasks().running();
        list.getTasks().setAll(running);
        running.addListener((ListChangeListener<Task<?>>) c -> {
            while (c.next()) {
                list.getTasks().removeAll(c.getRemoved());
                c.getAddedSubList().stream().filter(t -> !list.getTasks().contains(t)).forEach(list.getTasks()::add);
            }
        });
        PopOver popOver = new PopOver(list);
        popOver.setTitle("Background tasks");
        popOver.setHeaderAlwaysVisible(true);
        popOver.setArrowLocation(PopOver.ArrowLocation.BOTTOM_RIGHT);
        popOver.setDetachable(false);
        Hyperlink link = new Hyperlink();
        link.setId("tasks-link");
        link.textProperty().bind(Bindings.createStringBinding(() -> running.size() == 1
                ? "1 background task" : running.size() + " background tasks", running));
        link.visibleProperty().bind(model.busyProperty());
        link.setOnAction(e -> {
            if (popOver.isShowing()) {
                popOver.hide();
            } else {
                popOver.show(link);
            }
        });
        return link;
    }

    private void show(WorkbenchState.Step step, Map<WorkbenchState.Step, Node> views, ScrollPane content) {
        content.setContent(views.get(step));
        stepButtons.get(step).setSelected(true);
    }

    /** Errors in plain words; the technical detail one click away, never a stack-trace dialog. */
    private static Node errorBar(WorkbenchViewModel model) {
        Label message = new Label();
        message.setWrapText(true);
        message.textProperty().bind(model.errorProperty());
        Hyperlink details = new Hyperlink("Details");
        TextArea detail = new TextArea();
        detail.setEditable(false);
        detail.setPrefRowCount(6);
        detail.textProperty().bind(model.errorDetailProperty());
        detail.setVisible(false);
        detail.managedProperty().bind(detail.visibleProperty());
        details.setOnAction(e -> detail.setVisible(!detail.isVisible()));
        Hyperlink dismiss = new Hyperlink("Dismiss");
        dismiss.setOnAction(e -> model.errorProperty().set(null));
        HBox line = new HBox(8, message, details, dismiss);
        HBox.setHgrow(message, Priority.ALWAYS);
        VBox bar = new VBox(4, line, detail);
        bar.getStyleClass().add("error-bar");
        bar.setPadding(new Insets(6, 12, 6, 12));
        bar.visibleProperty().bind(model.errorProperty().isNotEmpty());
        bar.managedProperty().bind(bar.visibleProperty());
        return bar;
    }
}
