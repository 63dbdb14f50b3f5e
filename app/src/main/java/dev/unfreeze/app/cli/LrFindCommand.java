package dev.unfreeze.app.cli;

import dev.unfreeze.training.api.RateCurve;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.catalog.ModelCatalog;
import dev.unfreeze.training.engine.RangeTest;
import java.io.File;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The learning-rate range test (Smith 2015; fastai's lr_find). */
@Command(name = "lr-find", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Suggest a base learning rate from a short exponential sweep on a throwaway copy of the network.",
            "The rule is fastai's valley; the curve is written as lr-find.csv and lr-find.png. It takes train's flags and "
                + "sweeps the recipe they would train (--schedule: the groups that train at its end; auto: the whole "
                + "network with a tenfold discriminative spread)."})
final class LrFindCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RecipeOptions recipeOptions;
    @Option(names = "--steps", paramLabel = "N", defaultValue = "100", description = "Steps in the sweep (default ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".", description = "Where lr-find.csv and lr-find.png go (default: here).")
    Path out;
    @Mixin
    JsonOption output;

    @Override
    public Integer call() throws Exception {
        // the recipe the same flags would train, auto's sweep set-up included
        Recipe recipe = recipeOptions.recipe();
        PrintWriter err = spec.commandLine().getErr();
        RateCurve curve = RangeTest.run(recipe, new ModelCatalog(Output.workspace()), steps, step -> {
            err.printf(Locale.ROOT, "\rrange test: step %d of %d", step, steps);
            err.flush();
        });
        err.println();
        Files.createDirectories(out);
        Path csv = out.resolve("lr-find.csv");
        StringBuilder text = new StringBuilder("step,rate,loss,smoothed\n");
        for (int i = 0; i < curve.rates().size(); i++) {
            text.append(String.format(Locale.ROOT, "%d,%.6g,%.6f,%.6f%n", i + 1, curve.rates().get(i), curve.losses().get(i),
                    curve.smoothed().get(i)));
        }
        Files.writeString(csv, text, StandardCharsets.UTF_8);
        Path png = out.resolve("lr-find.png");
        ChartUtils.saveChartAsPNG(new File(png.toString()), chart(curve), 800, 500);
        PrintWriter o = spec.commandLine().getOut();
        if (output.json) {
            Output.json(o, curve);
        } else {
            o.printf(Locale.ROOT, "suggested learning rate: %.3g (%s)%n", curve.suggested(), curve.rule());
            o.printf(Locale.ROOT, "swept %.0e to %.0e over %d steps at %.1f images/s; curve: %s, %s%n",
                    curve.rates().get(0), curve.rates().get(curve.rates().size() - 1), curve.rates().size(),
                    curve.imagesPerSecond(), csv, png);
        }
        return 0;
    }

    /** Loss against rate on a log axis, the suggestion marked. */
    static JFreeChart chart(RateCurve curve) {
        XYSeries raw = new XYSeries("loss");
        XYSeries smooth = new XYSeries("smoothed loss");
        for (int i = 0; i < curve.rates().size(); i++) {
            raw.add(curve.rates().get(i), curve.losses().get(i));
            smooth.add(curve.rates().get(i), curve.smoothed().get(i));
        }
        XYSeriesCollection dataset = new XYSeriesCollection();
        dataset.addSeries(raw);
        dataset.addSeries(smooth);
        JFreeChart chart = ChartFactory.createXYLineChart("Learning-rate range test", "learning rate", "training loss",
                dataset);
        XYPlot plot = chart.getXYPlot();
        LogAxis axis = new LogAxis("learning rate (log scale)");
        axis.setSmallestValue(1e-7);
        plot.setDomainAxis(axis);
        double top = curve.smoothed().stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).min().orElse(1) * 3;
        plot.getRangeAxis().setRange(0, Math.max(top, 0.1));
        ValueMarker marker = new ValueMarker(curve.suggested());
        marker.setLabel(String.format(Locale.ROOT, "suggested %.2g", curve.suggested()));
        plot.addDomainMarker(marker);
        return chart;
    }
}
