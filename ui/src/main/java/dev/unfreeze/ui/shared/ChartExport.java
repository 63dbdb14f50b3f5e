package dev.unfreeze.ui.shared;

import java.awt.Dimension;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.batik.svggen.SVGGraphics2D;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.util.ExportUtils;

/** Saves a chart as a picture: PNG (JFreeChart's own writer) or SVG (drawn onto Batik's SVG graphics). */
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
}
