package dev.unfreeze.ui.shared;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A live line chart on JFreeChart-FX: curves that follow observable lists of points (drawn thinned
 * by {@link DecimatedSeries}, redrawn at most once per pulse however many points arrive), zoom by
 * dragging (drag left to fit again), pan with Alt, the mouse wheel zooms, a crosshair that reads
 * the first curve's value under the mouse, labelled vertical markers (a group thawing) that are
 * not legend entries, an optional logarithmic value axis and an optional robust range (so a spike
 * does not flatten the curve), and the context menu's "Save as PNG" and "Save as SVG".
 */
public final class LiveChart extends VBox {
    /** Points drawn per curve at most (plus the first and the last). */
    static final int MAX_DRAWN = 2000;

    private final XYSeriesCollection dataset = new XYSeriesCollection();
    private final XYPlot plot;
    private final JFreeChart chart;
    private final ChartViewer viewer;
    /** Each live curve's redraw, by its series name. */
    private final Map<String, Runnable> curves = new LinkedHashMap<>();
    /** Each live curve's detachment from its list, by its series name. */
    private final Map<String, Runnable> detach = new HashMap<>();
    private final Label readout = new Label(" ");
    private final String valueLabel;
    private Supplier<double[]> robustRange;
    private boolean refreshPending;
    private boolean includeZero;

    public LiveChart(String id, String xLabel, String valueLabel) {
        super(2);
        setId(id);
        this.valueLabel = valueLabel;
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(false);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // steps and epochs are whole numbers
        plot = new XYPlot(dataset, x, valueAxis(false), new XYLineAndShapeRenderer(true, false));
        plot.setDomainPannable(true);
        plot.setRangePannable(true);
        chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setAntiAlias(true);
        ChartPaint.paint(chart, Theme.current().dark());
        viewer = new ChartViewer(chart);
        viewer.setPrefSize(460, 260);
        viewer.setMinSize(200, 140);
        readout.getStyleClass().add("hint");
        readout.setId(id + "-readout");
        ChartCrosshair.install(viewer, plot, dataset, readout);
        ChartExport.installSaveMenu(viewer, chart, readout, id);
        getChildren().addAll(viewer, readout);
    }

    /** What the chart says in place of curves while every curve is empty and {@code when} holds. */
    public void showWhenEmpty(ObservableBooleanValue when, String message) {
        when.addListener((obs, was, is) -> plot.setNoDataMessage(is ? message : null));
        plot.setNoDataMessage(when.get() ? message : null);
    }

    /** A curve that follows the list; the first curve added is the one the crosshair reads. */
    public void addCurve(String name, ObservableList<Point> points, Color color, float width) {
        XYSeries series = new XYSeries(name, false, true);
        int index = dataset.getSeriesCount();
        dataset.addSeries(series);
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
        renderer.setSeriesPaint(index, color);
        renderer.setSeriesStroke(index, new BasicStroke(width));
        curves.put(name, () -> {
            series.setNotify(false);
            series.clear();
            for (Point p : DecimatedSeries.decimate(points, MAX_DRAWN)) {
                if (Double.isFinite(p.y())) {
                    series.add(p.x(), p.y(), false);
                }
            }
            series.setNotify(true);
        });
        ListChangeListener<Point> listener = c -> requestRefresh();
        points.addListener(listener);
        detach.put(name, () -> points.removeListener(listener));
        requestRefresh();
    }

    /**
     * Removes a live curve. Colours go by position, so the curves added after it take the colours of the ones
     * before them: remove the last ones added (a run's group curves, say).
     */
    public void removeCurve(String name) {
        for (int i = dataset.getSeriesCount() - 1; i >= 0; i--) {
            if (dataset.getSeries(i).getKey().toString().equals(name) && curves.containsKey(name)) {
                dataset.removeSeries(i);
                curves.remove(name);
                detach.remove(name).run();
            }
        }
    }

    /**
     * Draws curves added later over earlier ones (by default the first is drawn on top): a group's rate that
     * equals the head's then shows where it joins instead of hiding under it.
     */
    public void laterCurvesOnTop() {
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
    }

    /** The curves' names, in the legend's order (for tests and accessibility). */
    public List<String> curveNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            names.add(dataset.getSeries(i).getKey().toString());
        }
        return names;
    }

    /** A fixed curve (an earlier run's, say), removed with {@link #removeFixedCurves(String)}. */
    public void addFixedCurve(String name, List<Point> points, Color color) {
        XYSeries series = new XYSeries(name, false, true);
        points.forEach(p -> series.add(p.x(), p.y(), false));
        int index = dataset.getSeriesCount();
        dataset.addSeries(series);
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
        renderer.setSeriesPaint(index, color);
        renderer.setSeriesStroke(index, new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
                new float[] {6f, 4f}, 0f));
    }

    /** Removes the fixed curves whose names start with the prefix. */
    public void removeFixedCurves(String prefix) {
        for (int i = dataset.getSeriesCount() - 1; i >= 0; i--) {
            if (dataset.getSeries(i).getKey().toString().startsWith(prefix)) {
                dataset.removeSeries(i);
            }
        }
    }

    /** A labelled vertical line at x, e.g. where a group thawed; not a legend entry. */
    public void addMarker(double x, String label) {
        boolean dark = Theme.current().dark();
        ValueMarker marker = new ValueMarker(x, dark ? new Color(0xB3, 0x88, 0xFF) : new Color(0x8E, 0x44, 0xAD),
                new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 3f}, 0f));
        marker.setLabel(label);
        marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        marker.setLabelPaint(dark ? new Color(0xD2, 0xB8, 0xFF) : new Color(0x6C, 0x34, 0x83));
        marker.setLabelBackgroundColor(new Color(0, 0, 0, 0));
        marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        plot.addDomainMarker(marker);
    }

    public void clearMarkers() {
        plot.clearDomainMarkers();
    }

    /** The markers' labels, in order (for tests and accessibility). */
    List<String> markerLabels() {
        var markers = plot.getDomainMarkers(Layer.FOREGROUND);
        List<String> labels = new ArrayList<>();
        if (markers != null) {
            for (Object m : markers) {
                labels.add(((ValueMarker) m).getLabel());
            }
        }
        return labels;
    }

    /** Follows the data with this range ({lower, upper}, or null for the usual fit) while not zoomed. */
    public void setRobustRange(Supplier<double[]> range) {
        this.robustRange = range;
        plot.setRangeAxis(valueAxis(isLogScale()));
        ChartPaint.paint(chart, Theme.current().dark());
    }

    public void setLogScale(boolean log) {
        if (log != isLogScale()) {
            plot.setRangeAxis(valueAxis(log));
            ChartPaint.paint(chart, Theme.current().dark());
        }
    }

    public boolean isLogScale() {
        return plot.getRangeAxis() instanceof LogAxis;
    }

    /** Starts the value axis at zero (a learning rate that stays constant then reads as a level, not as noise). */
    public void includeZero() {
        includeZero = true;
        plot.setRangeAxis(valueAxis(isLogScale()));
        ChartPaint.paint(chart, Theme.current().dark());
    }

    /** Sets a fixed value range (both bounds), e.g. 0 to 1 for accuracy. */
    void setFixedRange(double lower, double upper) {
        plot.getRangeAxis().setRange(lower, upper);
    }

    /** Uses a logarithmic domain axis (a learning rate). */
    public void setLogDomain(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setSmallestValue(1e-12);
        axis.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten
        plot.setDomainAxis(axis);
        ChartPaint.paint(chart, Theme.current().dark());
    }

    public XYPlot plot() {
        return plot;
    }

    JFreeChart chart() {
        return chart;
    }

    public ChartViewer viewer() {
        return viewer;
    }

    /** The crosshair's reading, e.g. "step 120: loss 0.412". */
    Label readout() {
        return readout;
    }

    /** Draws the curves now (normally once per pulse after points arrive). */
    void refresh() {
        refreshPending = false;
        chart.setNotify(false);
        curves.values().forEach(Runnable::run);
        chart.setNotify(true);
    }

    private void requestRefresh() {
        if (!refreshPending) {
            refreshPending = true;
            Platform.runLater(this::refresh);
        }
    }

    private ValueAxis valueAxis(boolean log) {
        return FittedValueAxis.create(valueLabel, log, includeZero, () -> robustRange == null ? null : robustRange.get());
    }

    /** Saves the chart at its size on screen, as SVG when the name ends in .svg, else PNG; says so under the chart. */
    void save(Path file) {
        ChartExport.saveAsShown(chart, viewer, file, readout);
    }

    /** Colours shared by the charts. */
    public static final Color BLUE = new Color(0x1F, 0x6F, 0xEB);
    public static final Color LIGHT_BLUE = new Color(0x1F, 0x6F, 0xEB, 0x55);
    public static final Color ORANGE = new Color(0xD9, 0x73, 0x06);
    public static final Color GREEN = new Color(0x1A, 0x7F, 0x37);
    public static final Color GREY = new Color(0x6E, 0x77, 0x81);
}
