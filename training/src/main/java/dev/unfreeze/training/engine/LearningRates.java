package dev.unfreeze.training.engine;

import ai.djl.training.tracker.ParameterTracker;
import dev.unfreeze.training.api.Recipe;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The learning rate of every parameter at every step: the base schedule (constant, cosine, or
 * one-cycle / slanted triangular) times its group's multiplier (discriminative rates), divided by
 * 10 once a two-stage schedule reaches its second stage. The loop advances one global step
 * counter, so a group that thaws late joins the schedule where it stands rather than restarting it.
 */
public final class LearningRates implements ParameterTracker {
    /** ULMFiT's factor between neighbouring groups. */
    public static final double ULMFIT_DECAY = 2.6;
    private static final double ONE_CYCLE_RISE = 0.1;
    private static final double ONE_CYCLE_RATIO = 32;
    /**
     * Constant and cosine rates rise linearly over the first 5% of the steps: the first steps of a
     * fine-tune move weights with a random head's gradients, and a full rate there can wreck the
     * pretrained features before the head has learnt anything. (One-cycle has its own rise.)
     */
    static final double WARMUP_SHARE = 0.05;

    private final double base;
    private final Recipe.LearningRate.Schedule schedule;
    private final long totalSteps;
    private final Map<String, Double> multiplierById = new HashMap<>();
    private final AtomicLong step = new AtomicLong();
    private volatile double stageFactor = 1;

    /**
     * Creates the tracker.
     *
     * @param spec the recipe's learning-rate section
     * @param totalSteps optimiser steps in the whole run
     */
    public LearningRates(Recipe.LearningRate spec, long totalSteps) {
        this.base = spec.base();
        this.schedule = spec.schedule();
        this.totalSteps = Math.max(1, totalSteps);
    }

    /**
     * The multiplier per backbone group, input to output: explicit ones when given, else 1 for
     * all, or ULMFiT's division by 2.6 per group going down from the head.
     */
    public static List<Double> multipliers(Recipe.LearningRate spec, int groupCount) {
        List<Double> result = new ArrayList<>();
        for (int i = 0; i < groupCount; i++) {
            if (spec.multipliers() != null && i < spec.multipliers().size()) {
                result.add(spec.multipliers().get(i));
            } else if (spec.discriminative() == Recipe.LearningRate.Discriminative.ULMFIT) {
                result.add(Math.pow(ULMFIT_DECAY, -(groupCount - i)));
            } else {
                result.add(1.0);
            }
        }
        return result;
    }

    /** Sets the multiplier of a parameter (by its DJL id). */
    public void setMultiplier(String parameterId, double multiplier) {
        multiplierById.put(parameterId, multiplier);
    }

    /** Moves to a global step (0-based). */
    public void setStep(long globalStep) {
        step.set(globalStep);
    }

    /** Divides every rate by 10 from now on (the two-stage recipe's second stage), or undoes it. */
    public void setLowered(boolean lowered) {
        stageFactor = lowered ? 0.1 : 1;
    }

    /** The head's rate at the current step. */
    public double current() {
        return rateAt(step.get()) * stageFactor;
    }

    /** The base schedule's value at a step, before multipliers. */
    public double rateAt(long t) {
        double progress = Math.min(1.0, (double) t / totalSteps);
        double warmup = Math.min(1.0, (t + 1.0) / Math.max(1, Math.round(totalSteps * WARMUP_SHARE)));
        switch (schedule) {
            case COSINE:
                return warmup * base * 0.5 * (1 + Math.cos(Math.PI * progress));
            case ONE_CYCLE: {
                double p = progress < ONE_CYCLE_RISE ? progress / ONE_CYCLE_RISE
                        : 1 - (progress - ONE_CYCLE_RISE) / (1 - ONE_CYCLE_RISE);
                return base * (1 + p * (ONE_CYCLE_RATIO - 1)) / ONE_CYCLE_RATIO;
            }
            default:
                return warmup * base;
        }
    }

    @Override
    public float getNewValue(String parameterId, int numUpdate) {
        return (float) (current() * multiplierById.getOrDefault(parameterId, 1.0));
    }
}
