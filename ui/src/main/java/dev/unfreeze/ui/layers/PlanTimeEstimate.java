package dev.unfreeze.ui.layers;

import dev.unfreeze.training.api.DatasetReport;
import dev.unfreeze.training.api.PlanBudget;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.Schedule;
import dev.unfreeze.training.api.Throughput;
import dev.unfreeze.training.api.TrainingImages;
import dev.unfreeze.training.api.TrainingLength;
import dev.unfreeze.ui.shared.WorkbenchState;
import java.util.Arrays;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;

/** The planned run's time on this computer, in words, from the model's measured speed, the data and the plan. */
final class PlanTimeEstimate {
    private PlanTimeEstimate() {}

    /** The estimated time of the planned run, in words, as the plan, data and measured speed change. */
    static StringBinding of(ReadOnlyObjectProperty<Throughput> throughput, ReadOnlyStringProperty throughputState,
            WorkbenchState state, RecipeSettings settings, SchedulePlan schedule) {
        return Bindings.createStringBinding(() -> {
            if (throughput.get() == null) {
                return throughputState.get() == null ? "" : throughputState.get();
            }
            DatasetReport d = state.datasetProperty().get();
            if (d == null) {
                return "Estimated time: open a dataset first.";
            }
            TrainingImages split = TrainingImages.of(d, settings.recipeProperty().get().data().valFraction());
            int train = split.train();
            int val = split.val();
            if (schedule.automatic()) {
                PlanBudget budget = schedule.budgetProperty().get();
                return budget instanceof PlanBudget.WallClock w
                        ? "Automatic plan: the whole run takes about " + w.describe() + ": a first model within seconds, "
                                + "then the search and the chosen plan's training. "
                                + SchedulePlan.describeEstimate(fineTuneSeconds(throughput.get(), schedule, train, val))
                        : "Automatic plan: the search takes at most " + budget.describe() + " (fine-tuning), then the "
                                + "chosen plan trains. " + SchedulePlan.describeEstimate(fineTuneSeconds(throughput.get(), schedule, train, val));
            }
            return SchedulePlan.describeEstimate(schedule.epochSeconds(throughput.get(), train, val));
        }, throughput, throughputState, state.datasetProperty(), schedule.thawEpochs(),
                schedule.epochsProperty(), schedule.layoutProperty(), schedule.presetProperty(), schedule.budgetProperty());
    }

    /** The seconds per epoch of one full fine-tuning run of the shared automatic length (for the search's estimate). */
    private static double[] fineTuneSeconds(Throughput throughput, SchedulePlan schedule, int train, int val) {
        int groups = schedule.layoutProperty().get() == null ? 0 : schedule.layoutProperty().get().backboneGroups().size();
        int epochs = TrainingLength.epochs(train, RecipeCodec.defaults().batchSize(), new Schedule.Full().thawPlan(groups));
        double[] seconds = new double[epochs];
        Arrays.fill(seconds, throughput.epochSeconds(train, val, 1.0));
        return seconds;
    }
}
