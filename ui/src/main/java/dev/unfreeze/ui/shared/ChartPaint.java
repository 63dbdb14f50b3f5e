package dev.unfreeze.ui.shared;

import java.awt.Color;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;

/** The charts' colours for the window's light or dark theme (JFreeChart draws on a canvas, outside CSS). */
final class ChartPaint {
    private ChartPaint() {}

    /** Paints the chart's background, grid, axes and legend for the theme. */
    static void paint(JFreeChart chart, boolean dark) {
        XYPlot plot = chart.getXYPlot();
        Color background = dark ? new Color(0x0D, 0x11, 0x17) : Color.WHITE;
        Color text = dark ? new Color(0xC9, 0xD1, 0xD9) : new Color(0x24, 0x29, 0x2F);
        Color grid = dark ? new Color(0x30, 0x36, 0x3D) : new Color(0xDD, 0xDD, 0xDD);
        chart.setBackgroundPaint(background);
        plot.setBackgroundPaint(background);
        plot.setOutlinePaint(grid);
        plot.setDomainGridlinePaint(grid);
        plot.setRangeGridlinePaint(grid);
        plot.setNoDataMessagePaint(text);
        for (ValueAxis axis : new ValueAxis[] {plot.getDomainAxis(), plot.getRangeAxis()}) {
            axis.setLabelPaint(text);
            axis.setTickLabelPaint(text);
            axis.setAxisLinePaint(grid);
            axis.setTickMarkPaint(grid);
        }
        if (chart.getLegend() != null) {
            chart.getLegend().setBackgroundPaint(background);
            chart.getLegend().setItemPaint(text);
        }
    }
}
