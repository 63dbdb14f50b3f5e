package dev.unfreeze.ui.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;
import org.jfree.data.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The training charts on JFreeChart-FX: many points, thaw markers outside the legend, a spike, zoom and the crosshair. */
@ExtendWith(ApplicationExtension.class)
class LiveChartTest {
    private final ObservableList<Point> raw = FXCollections.observableArrayList();
    private final ObservableList<Point> smoothed = FXCollections.observableArrayList();
    private LiveChart chart;

    @Start
    void start(Stage stage) {
        chart = new LiveChart("loss-chart", "step", "batch loss");
        chart.addCurve("smoothed", smoothed, LiveChart.BLUE, 2f);
        chart.addCurve("loss", raw, LiveChart.LIGHT_BLUE, 1f);
        chart.setRobustRange(() -> RobustRange.of(raw, smoothed, chart.isLogScale()));
        stage.setScene(new Scene(chart, 1200, 800)); // the shared test stage keeps its size for the next test class
        stage.show();
    }

    @Test
    void aRemovedCurveLeavesTheChartAndStopsFollowingItsList(FxRobot robot) {
        ObservableList<Point> group = FXCollections.observableArrayList();
        robot.interact(() -> chart.addCurve("block3", group, LiveChart.GREEN, 1f));
        robot.interact(() -> group.add(new Point(1, 0.5)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(chart.curveNames()).containsExactly("smoothed", "loss", "block3");
        assertThat(chart.plot().getDataset().getItemCount(2)).isEqualTo(1);
        robot.interact(() -> chart.removeCurve("block3"));
        assertThat(chart.curveNames()).containsExactly("smoothed", "loss");
        robot.interact(() -> group.add(new Point(2, 0.4))); // no longer drawn, and no error
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(chart.curveNames()).containsExactly("smoothed", "loss");
        assertThat(((org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) chart.plot().getRenderer()).getSeriesPaint(0))
                .as("the curves before it keep their colours").isEqualTo(LiveChart.BLUE);
    }

    @Test
    void aHundredThousandBatchesArriveOneByOneAndDrawBoundedWithMarkersOutsideTheLegend(FxRobot robot, @TempDir Path dir)
            throws Exception {
        robot.interact(() -> {
            double s = Double.NaN;
            List<Point> batch = new ArrayList<>();
            for (int step = 1; step <= 100_000; step++) {
                double loss = step == 60_000 ? 500 : 2.0 * Math.exp(-step / 30_000.0) + 0.05 * Math.sin(step);
                raw.add(new Point(step, loss)); // one change per batch, as a live run delivers them
                s = Double.isNaN(s) ? loss : 0.98 * s + 0.02 * Math.min(loss, 5);
                batch.add(new Point(step, s));
            }
            smoothed.setAll(batch);
            chart.addMarker(30_000, "features.18");
            chart.addMarker(60_000, "features.17");
        });
        WaitForAsyncUtils.waitForFxEvents();

        var dataset = chart.plot().getDataset();
        assertThat(dataset.getSeriesCount()).isEqualTo(2);
        for (int s = 0; s < 2; s++) {
            assertThat(dataset.getItemCount(s)).isBetween(1000, LiveChart.MAX_DRAWN + 2);
        }
        assertThat(chart.markerLabels()).containsExactly("features.18", "features.17");
        assertThat(chart.chart().getPlot().getLegendItems().getItemCount()).as("markers are not legend entries").isEqualTo(2);
        Range shown = chart.plot().getRangeAxis().getRange();
        assertThat(shown.getUpperBound()).as("the 500 spike does not set the scale").isLessThan(10);

        robot.interact(() -> {
            chart.save(dir.resolve("loss.png"));
            chart.save(dir.resolve("loss.svg"));
        });
        assertThat(javax.imageio.ImageIO.read(dir.resolve("loss.png").toFile()).getWidth()).isGreaterThan(100);
        String svg = Files.readString(dir.resolve("loss.svg"));
        assertThat(svg).contains("<svg").contains("features.18").contains("smoothed");
        assertThat(chart.viewer().getContextMenu().getItems()).extracting(javafx.scene.control.MenuItem::getText)
                .containsExactly("Save as PNG...", "Save as SVG...");

        robot.interact(() -> chart.setLogScale(true));
        assertThat(chart.plot().getRangeAxis().getRange().getLowerBound()).isPositive();
        assertThat(chart.plot().getRangeAxis().getLabel()).contains("log");
    }

    @Test
    void draggingZoomsInAndTheCrosshairReadsTheCurve(FxRobot robot) {
        robot.interact(() -> {
            for (int step = 0; step <= 1000; step++) {
                smoothed.add(new Point(step, 1 + step / 1000.0));
                raw.add(new Point(step, 1 + step / 1000.0));
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        Range before = chart.plot().getDomainAxis().getRange();
        // mouse events delivered to the chart's canvas as the platform delivers them (a robot drag in the headless
        // platform leaves its drag-and-drop state broken for the next test class's real drag-and-drop)
        var canvas = chart.viewer().getCanvas();
        double w = canvas.getWidth();
        double y = canvas.getHeight() * 0.4;
        robot.interact(() -> {
            mouse(canvas, MouseEvent.MOUSE_PRESSED, w * 0.35, y);
            mouse(canvas, MouseEvent.MOUSE_DRAGGED, w * 0.5, y + 20);
            mouse(canvas, MouseEvent.MOUSE_DRAGGED, w * 0.65, y + 40);
            mouse(canvas, MouseEvent.MOUSE_RELEASED, w * 0.65, y + 40);
        });
        WaitForAsyncUtils.waitForFxEvents();
        Range after = chart.plot().getDomainAxis().getRange();
        assertThat(after.getLength()).as("a drag to the right zooms in").isLessThan(before.getLength() * 0.6);

        robot.interact(() -> mouse(canvas, MouseEvent.MOUSE_MOVED, w * 0.5, y));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(chart.readout().getText()).startsWith("step ").contains("smoothed");
    }

    private static void mouse(javafx.scene.Node target, javafx.event.EventType<MouseEvent> type, double x, double y) {
        boolean down = type == MouseEvent.MOUSE_PRESSED || type == MouseEvent.MOUSE_DRAGGED;
        javafx.event.Event.fireEvent(target, new MouseEvent(type, x, y, x, y,
                type == MouseEvent.MOUSE_MOVED ? MouseButton.NONE : MouseButton.PRIMARY, 1, false, false, false, false, down,
                false, false, true, false, false, null));
    }
}
