package dev.unfreeze.app.cli;

import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The automatic plan's leaderboard as a text table. */
final class PlanTable {
    private PlanTable() {}

    static List<String> lines(PlanReport report) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "plan search: %d stratified folds, %s%s", report.folds(), spending(report),
                report.rateCurve() == null ? ""
                        : String.format(Locale.ROOT, "; range test suggests %.2g (%s)", report.rateCurve().suggested(),
                                report.rateCurve().rule())));
        lines.add(String.format(Locale.ROOT, "  %-16s %-16s %6s %6s %10s %7s  %s", "candidate", "accuracy", "loss", "folds",
                "rate", "time", "status"));
        for (PlanReport.Candidate c : report.candidates()) {
            String accuracy = c.hasScore() ? String.format(Locale.ROOT, "%.3f ± %.3f", c.accuracy(), c.spread()) : "-";
            String loss = c.hasScore() ? String.format(Locale.ROOT, "%.3f", c.loss()) : "-";
            String rate = c.recipe().schedule() instanceof Schedule.FeatureExtraction ? "L-BFGS"
                    : String.format(Locale.ROOT, "%.2g", c.recipe().learningRate().base());
            lines.add(String.format(Locale.ROOT, "%s %-16s %-16s %6s %6d %10s %6.0fs  %s",
                    c.name().equals(report.chosen()) ? "*" : " ", c.name(), accuracy, loss, c.foldsScored(), rate,
                    c.seconds(), c.status()));
        }
        lines.add("chosen: " + report.reason());
        return lines;
    }

    /** The seconds spent against the budget; a budget of nothing (a time given that the final run alone fills) in words. */
    static String spending(PlanReport report) {
        return report.budgetSeconds() > 0
                ? String.format(Locale.ROOT, "%.0f s of a %.0f s budget", report.spentSeconds(), report.budgetSeconds())
                : String.format(Locale.ROOT, "%.0f s; the time given left none for fine-tuning on folds", report.spentSeconds());
    }
}
