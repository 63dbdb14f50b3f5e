package dev.unfreeze.app.cli;

import dev.unfreeze.training.api.PlanReport;
import dev.unfreeze.training.api.TrainingEvent;
import dev.unfreeze.training.runs.EventJson;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Flow;

/**
 * Shows a run in the terminal: a progress bar redrawn in place (when the output is a terminal),
 * one line per epoch, thaws and the result; or every event as a JSON line.
 */
final class ProgressPrinter implements Flow.Subscriber<TrainingEvent> {
    private static final int WIDTH = 24;

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean terminal = System.console() != null;
    private int epochs;
    private int batches;
    /** The groups that start training at the start of one epoch, said in one line once the next event comes. */
    private final List<String> thawing = new ArrayList<>();
    private int thawEpoch;
    /** The temperature the latest best checkpoint was saved with, when fitted on the held-out answers. */
    private TrainingEvent.TemperatureFitted temperature;
    /** Whether the automatic plan's folds scored the plan it chose, which a run without held-out images then cites. */
    private boolean foldsScoredThePlan;
    /**
     * The plan whose table is printed (null before): a plan chosen again instead (the probe kept after the final run)
     * says only why; the same plan reported again, with its score on the folds that followed its model, prints its
     * table again.
     */
    private String planShown;

    ProgressPrinter(PrintWriter out, PrintWriter err, boolean json) {
        this.out = out;
        this.err = err;
        this.json = json;
    }

    /**
     * A resumed run's plan, chosen by the process that started it (null when it had none): a resumed final run is
     * not told it again, and its closing line cites the plan's folds as the first process would have.
     */
    void resuming(PlanReport plan) {
        foldsScoredThePlan = plan != null && plan.chosenWasScored();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(TrainingEvent event) {
        if (json) {
            out.println(EventJson.write(event));
            out.flush();
            return;
        }
        if (event instanceof TrainingEvent.GroupThawed t) {
            if (!thawing.isEmpty() && t.epoch() != thawEpoch) {
                sayThaws();
            }
            thawEpoch = t.epoch();
            thawing.add(t.name());
            return;
        }
        sayThaws();
        if (event instanceof TrainingEvent.PlanProgress p) {
            if (terminal) {
                err.printf(Locale.ROOT, "\rplan %3.0f%%: %-80.80s", 100 * p.fraction(), p.message());
                err.flush();
            } else {
                line("plan: " + p.message());
            }
        } else if (event instanceof TrainingEvent.Preparing p) {
            if (terminal) {
                err.printf(Locale.ROOT, "\r%-60.60s %3.0f%%", p.message(), 100 * p.fraction());
                if (p.fraction() >= 1) {
                    err.println();
                }
                err.flush();
            } else if (p.fraction() == 0 || p.fraction() >= 1) {
                line(String.format(Locale.ROOT, "%s: %.0f%%", p.message(), 100 * p.fraction()));
            }
        } else if (event instanceof TrainingEvent.Notice n) {
            line("note: " + n.message());
        } else if (event instanceof TrainingEvent.NotLearned n) {
            line("warning: " + n.message());
        } else if (event instanceof TrainingEvent.TemperatureFitted t) {
            // said at each improvement: the one the model keeps is told at the run's end
            temperature = t.divides() ? t : null;
        } else if (event instanceof TrainingEvent.ModelReady m) {
            line(String.format(Locale.ROOT, "%s model ready after %.0f s: %s%s%s%s",
                    m.provisional() ? "provisional" : "final", m.seconds(), m.plan(),
                    Double.isNaN(m.heldOutAccuracy()) ? "" : String.format(Locale.ROOT, ", %.3f on the held-out folds",
                            m.heldOutAccuracy()),
                    Double.isNaN(m.testAccuracy()) ? "" : String.format(Locale.ROOT, ", %.3f on the test images", m.testAccuracy()),
                    !m.provisional() ? " (it predicts and exports now; its score on the held-out folds follows)"
                            : Double.isNaN(m.heldOutAccuracy())
                            ? " (it predicts and exports now; its score on the held-out folds and the search follow)"
                            : " (it predicts and exports now; the search goes on)"));
        } else if (event instanceof TrainingEvent.PlanChosen p) {
            foldsScoredThePlan = p.report().chosenWasScored();
            if (planShown != null && !planShown.equals(p.report().chosen())) {
                line("chosen instead: " + p.report().reason());
            } else {
                if (planShown != null) {
                    line("the plan, now scored on its folds:");
                }
                PlanTable.lines(p.report()).forEach(this::line);
            }
            planShown = p.report().chosen();
        } else if (event instanceof TrainingEvent.RunStarted s) {
            epochs = s.epochs();
            batches = s.batchesPerEpoch();
            line(String.format(Locale.ROOT, "training %s on %s: %d classes, %d training and %d validation images, %s%s",
                    s.model(), s.device(), s.classes().size(), s.trainImages(), s.valImages(), epochPhrase(s.epochs()),
                    s.startEpoch() > 0 ? ", resuming at epoch " + (s.startEpoch() + 1) : ""));
            if (!s.datasetWarnings().isEmpty()) {
                line("dataset: " + s.datasetWarnings().size() + " warning(s) ('unfreeze data inspect' lists all):");
                s.datasetWarnings().stream().limit(5).forEach(w -> line("  " + w));
            }
        } else if (event instanceof TrainingEvent.BatchDone b && terminal) {
            int filled = (int) ((long) WIDTH * (b.batch() + 1) / Math.max(1, batches));
            err.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d loss %.4f  %.1f img/s%s  ", b.epoch() + 1, epochs,
                    "#".repeat(filled), "-".repeat(WIDTH - filled), b.batch() + 1, batches, b.loss(), b.imagesPerSecond(),
                    b.cachedFeatures() ? " (cached features)" : "");
            err.flush();
        } else if (event instanceof TrainingEvent.EpochDone e) {
            String val = Double.isNaN(e.valLoss()) ? "no validation images"
                    : String.format(Locale.ROOT, "val loss %.4f acc %.3f", e.valLoss(), e.valAccuracy());
            line(String.format(Locale.ROOT, "epoch %d/%d: train loss %.4f acc %.3f | %s | %,d trainable | %.1f s",
                    e.epoch() + 1, epochs, e.trainLoss(), e.trainAccuracy(), val, e.trainableParameters(), e.seconds()));
        } else if (event instanceof TrainingEvent.TestEvaluated t) {
            line(String.format(Locale.ROOT, "test: accuracy %.4f, loss %.4f on %d held-out images (the weights of epoch %d)",
                    t.accuracy(), t.loss(), t.images(), t.epoch() + 1));
        } else if (event instanceof TrainingEvent.Finished f) {
            sayTemperature();
            line(Double.isNaN(f.bestValLoss())
                    ? String.format(Locale.ROOT, "finished after %s, trained on every image (%s)", epochPhrase(f.epochsRun()),
                            foldsScoredThePlan ? "the plan's folds scored it"
                                    : "no image was held out to score it: unfreeze evaluate scores it on labelled images")
                    : String.format(Locale.ROOT, "finished after %s%s: best val accuracy %.4f (epoch %d)", epochPhrase(f.epochsRun()),
                            f.stoppedEarly() ? " (stopped early)" : "", f.bestValAccuracy(), f.bestEpoch() + 1));
        } else if (event instanceof TrainingEvent.Failed f) {
            clear();
            err.println("unfreeze: " + f.message());
            err.flush();
        } else if (event instanceof TrainingEvent.Cancelled c) {
            sayTemperature();
            line(String.format(Locale.ROOT, "cancelled in epoch %d; the last checkpoint is intact (resume with --resume)",
                    c.epoch() + 1));
        }
    }

    private void sayTemperature() {
        if (temperature != null) {
            line("note: " + temperature.message());
            temperature = null;
        }
    }

    /**
     * One line for the groups that start training together (BitFit or the whole network start all nineteen of
     * MobileNetV2's at once): a few by name, more as a count and the range.
     */
    private void sayThaws() {
        if (thawing.isEmpty()) {
            return;
        }
        String who = thawing.size() == 1 ? thawing.get(0) + " thaws"
                : thawing.size() <= 3 ? String.join(", ", thawing.subList(0, thawing.size() - 1)) + " and "
                        + thawing.get(thawing.size() - 1) + " thaw"
                : thawing.size() + " groups thaw (" + thawing.get(0) + " to " + thawing.get(thawing.size() - 1) + ")";
        line(String.format(Locale.ROOT, "epoch %d: %s", thawEpoch + 1, who));
        thawing.clear();
    }

    private static String epochPhrase(int count) {
        return count == 1 ? "1 epoch" : count + " epochs";
    }

    private void line(String text) {
        clear();
        out.println(text);
        out.flush();
    }

    private void clear() {
        if (terminal) {
            err.print("\r" + " ".repeat(100) + "\r");
            err.flush();
        }
    }

    @Override
    public void onError(Throwable throwable) {
        err.println("unfreeze: " + throwable.getMessage());
    }

    @Override
    public void onComplete() {
        sayThaws(); // the terminal event has been printed, after any thaws before it
    }
}
