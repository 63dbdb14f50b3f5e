package dev.unfreeze.ui.layers;

import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.PlanBudget;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.TrainingLength;
import dev.unfreeze.ui.model.ModelViewModel;
import dev.unfreeze.ui.shared.WorkbenchState;
import java.util.Arrays;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;

/** The planned run's time on this computer, in words, from the model's measured speed, the data and the plan. */
final class PlanTimeEstimate {
    private PlanTimeEstimate() {}

    /** The estimated time of the planned run, in words, as the plan, data and measured speed change. */
    static StringBinding of(ModelViewModel models, WorkbenchState state, RecipeSettings settings, SchedulePlan schedule) {
        return Bindings.createStringBinding(() -> {
            if (models.throughputProperty().get() == null) {
                return models.throughputStateProperty().get() == null ? "" : models.throughputStateProperty().get();
            }
            DatasetReport d = state.datasetProperty().get();
            if (d == null) {
                return "Estimated time: open a dataset first.";
            }
            boolean ownSplit = d.classes().stream().anyMatch(c -> c.val() > 0);
            int val = ownSplit ? d.classes().stream().mapToInt(DatasetReport.ClassEntry::val).sum()
                    : (int) Math.round(d.totalImages() * settings.recipeProperty().get().data().valFraction());
            int train = ownSplit ? d.classes().stream().mapToInt(DatasetReport.ClassEntry::train).sum() : d.totalImages() - val;
            if (schedule.automatic()) {
                PlanBudget budget = schedule.budgetProperty().get();
                return budget instanceof PlanBudget.WallClock w
                        ? "Automatic plan: the whole run takes about " + w.describe() + ": a first model within seconds, "
                                + "then the search and the chosen plan's training. "
                                + SchedulePlan.describeEstimate(fineTuneSeconds(models, schedule, train, val))
                        : "Automatic plan: the search takes at most " + budget.describe() + " (fine-tuning), then the "
                                + "chosen plan trains. " + SchedulePlan.describeEstimate(fineTuneSeconds(models, schedule, train, val));
            }
            return SchedulePlan.describeEstimate(schedule.epochSeconds(models.throughputProperty().get(), train, val));
        }, models.throughputProperty(), models.throughputStateProperty(), state.datasetProperty(), schedule.thawEpochs(),
                schedule.epochsProperty(), schedule.layoutProperty(), schedule.presetProperty(), schedule.budgetProperty());
    }

    /** The seconds per epoch of one full fine-tuning run of the shared automatic length (for the search's estimate). */
    private static double[] fineTuneSeconds(ModelViewModel models, SchedulePlan schedule, int train, int val) {
        int groups = schedule.layoutProperty().get() == null ? 0 : schedule.layoutProperty().get().backboneGroups().size();
        int epochs = TrainingLength.epochs(train, RecipeCodec.defaults().batchSize(), new Schedule.Full().thawPlan(groups));
        double[] seconds = new double[epochs];
        Arrays.fill(seconds, models.throughputProperty().get().epochSeconds(train, val, 1.0));
        return seconds;
    }
}
