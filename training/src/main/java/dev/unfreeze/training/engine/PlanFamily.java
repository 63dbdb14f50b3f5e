package dev.unfreeze.training.engine;

import java.util.List;

/** The kinds of plan the automatic search weighs; a candidate's name begins with its family's. */
enum PlanFamily {
    LINEAR_PROBE("linear-probe"),
    BITFIT("bitfit"),
    /** {@code partial:N}: the top N groups train. */
    PARTIAL("partial:"),
    GRADUAL("gradual"),
    FULL("full");

    private final String prefix;

    PlanFamily(String prefix) {
        this.prefix = prefix;
    }

    /** The family of a candidate by its name ({@code partial:7} is {@link #PARTIAL}). */
    static PlanFamily of(String candidateName) {
        for (PlanFamily family : values()) {
            if (candidateName.startsWith(family.prefix)) {
                return family;
            }
        }
        throw new IllegalArgumentException("no plan family for the candidate '" + candidateName + "'");
    }

    /** Where this family comes in an order of families (after them all when it is not listed). */
    int rankIn(List<PlanFamily> order) {
        int i = order.indexOf(this);
        return i < 0 ? order.size() : i;
    }
}
