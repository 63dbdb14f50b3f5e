package dev.unfreeze.ui.shared;

import java.awt.Dimension;
import java.io.File;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.stage.FileChooser;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.batik.svggen.SVGGraphics2D;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.util.ExportUtils;

/**
 * Saves a chart as a picture: PNG (JFreeChart's own writer) or SVG (drawn onto Batik's SVG graphics), from its
 * context menu or in code.
 */
final class ChartExport {
    private ChartExport() {}

    static void png(JFreeChart chart, int width, int height, Path file) throws IOException {
        ExportUtils.writeAsPNG(chart, width, height, file.toFile());
    }

    static void svg(JFreeChart chart, int width, int height, Path file) throws IOException {
        org.w3c.dom.Document document;
        try {
            document = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IOException("no XML document builder for the SVG file", e);
        }
        SVGGraphics2D graphics = new SVGGraphics2D(document);
        graphics.setSVGCanvasSize(new Dimension(width, height));
        chart.draw(graphics, new Rectangle(0, 0, width, height));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            graphics.stream(out, true);
        }
    }

    /** The chart's context menu: save as PNG or SVG, at the size on screen, with the chart's id as the file's name. */
    static void installSaveMenu(ChartViewer viewer, JFreeChart chart, Label readout, String id) {
        MenuItem png = new MenuItem("Save as PNG...");
        png.setOnAction(e -> choose(viewer, chart, readout, id, "PNG picture", "*.png"));
        MenuItem svg = new MenuItem("Save as SVG...");
        svg.setOnAction(e -> choose(viewer, chart, readout, id, "SVG drawing", "*.svg"));
        viewer.getContextMenu().getItems().setAll(png, svg);
    }

    private static void choose(ChartViewer viewer, JFreeChart chart, Label readout, String id, String kind, String pattern) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save the chart");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind, pattern));
        chooser.setInitialFileName(id + pattern.substring(1));
        File file = chooser.showSaveDialog(viewer.getScene().getWindow());
        if (file != null) {
            saveAsShown(chart, viewer, file.toPath(), readout);
        }
    }

    /** Saves the chart at its size on screen, as SVG when the name ends in .svg, else PNG; says so in the readout. */
    static void saveAsShown(JFreeChart chart, ChartViewer viewer, Path file, Label readout) {
        int width = (int) Math.max(200, viewer.getWidth());
        int height = (int) Math.max(140, viewer.getHeight());
        try {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
                svg(chart, width, height, file);
            } else {
                png(chart, width, height, file);
            }
            readout.setText("Saved " + file);
        } catch (IOException | RuntimeException e) {
            readout.setText("Could not save " + file + ": " + e.getMessage());
        }
    }
}
