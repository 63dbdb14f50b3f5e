package dev.unfreeze.training.engine;

import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.Schedule;
import java.util.List;

/** The kinds of plan the automatic search weighs, one per preset it tries. */
enum PlanFamily {
    LINEAR_PROBE,
    BITFIT,
    /** {@code partial:N}: the top N groups train. */
    PARTIAL,
    GRADUAL,
    FULL;

    /** The family of a candidate by its recipe's schedule. */
    static PlanFamily of(Recipe candidate) {
        Schedule schedule = candidate.schedule();
        if (schedule instanceof Schedule.FeatureExtraction) {
            return LINEAR_PROBE;
        } else if (schedule instanceof Schedule.BitFit) {
            return BITFIT;
        } else if (schedule instanceof Schedule.Partial) {
            return PARTIAL;
        } else if (schedule instanceof Schedule.Gradual) {
            return GRADUAL;
        } else if (schedule instanceof Schedule.Full) {
            return FULL;
        }
        throw new IllegalArgumentException("no plan family for the schedule '" + schedule.text() + "'");
    }

    /** Where this family comes in an order of families (after them all when it is not listed). */
    int rankIn(List<PlanFamily> order) {
        int i = order.indexOf(this);
        return i < 0 ? order.size() : i;
    }
}
