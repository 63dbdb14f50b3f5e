package dev.unfreeze.ui.shared;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Locale;
import javafx.scene.control.Label;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.ChartMouseEventFX;
import org.jfree.chart.fx.interaction.ChartMouseListenerFX;
import org.jfree.chart.fx.overlay.CrosshairOverlayFX;
import org.jfree.chart.plot.Crosshair;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** A chart's crosshair: where the mouse is, the nearest point of the first curve and its values, in words. */
final class ChartCrosshair {
    private ChartCrosshair() {}

    /** Follows the mouse over the chart: crosshairs on the first curve's nearest point, its values in the readout. */
    static void install(ChartViewer viewer, XYPlot plot, XYSeriesCollection dataset, Label readout) {
        CrosshairOverlayFX overlay = new CrosshairOverlayFX();
        Crosshair xHair = new Crosshair(Double.NaN, new Color(0x55, 0x55, 0x55), new BasicStroke(0.8f));
        Crosshair yHair = new Crosshair(Double.NaN, new Color(0x55, 0x55, 0x55), new BasicStroke(0.8f));
        overlay.addDomainCrosshair(xHair);
        overlay.addRangeCrosshair(yHair);
        viewer.getCanvas().addOverlay(overlay);
        viewer.addChartMouseListener(new ChartMouseListenerFX() {
            @Override
            public void chartMouseClicked(ChartMouseEventFX event) {
                // clicks select nothing
            }

            @Override
            public void chartMouseMoved(ChartMouseEventFX event) {
                var info = viewer.getCanvas().getRenderingInfo();
                if (info == null || dataset.getSeriesCount() == 0 || dataset.getSeries(0).isEmpty()) {
                    return;
                }
                var area = info.getPlotInfo().getDataArea();
                double x = plot.getDomainAxis().java2DToValue(event.getTrigger().getX(), area, RectangleEdge.BOTTOM);
                XYSeries first = dataset.getSeries(0);
                int nearest = nearest(first, x);
                double px = first.getX(nearest).doubleValue();
                double py = first.getY(nearest).doubleValue();
                xHair.setValue(px);
                yHair.setValue(py);
                readout.setText(String.format(Locale.ROOT, "%s %s: %s %s", axisName(plot.getDomainAxis()), number(px),
                        first.getKey(), number(py)));
            }
        });
    }

    private static int nearest(XYSeries series, double x) {
        int best = 0;
        double distance = Double.POSITIVE_INFINITY;
        for (int i = 0; i < series.getItemCount(); i++) {
            double d = Math.abs(series.getX(i).doubleValue() - x);
            if (d < distance) {
                distance = d;
                best = i;
            }
        }
        return best;
    }

    private static String axisName(ValueAxis axis) {
        String label = axis.getLabel() == null ? "x" : axis.getLabel();
        int paren = label.indexOf(" (");
        return paren > 0 ? label.substring(0, paren) : label;
    }

    private static String number(double v) {
        return Math.abs(v) >= 1000 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.4g", v);
    }
}
