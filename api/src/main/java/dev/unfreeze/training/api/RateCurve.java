package dev.unfreeze.training.api;

import java.util.List;

/**
 * The result of a learning-rate range test (Smith 2015; fastai's {@code lr_find}): the training
 * loss while the rate grows exponentially, one point per optimiser step, and the suggested rate.
 *
 * @param rates the rate at each step
 * @param losses the raw training loss at each step
 * @param smoothed the exponentially smoothed, bias-corrected loss the suggestion reads
 * @param suggested the suggested base rate
 * @param rule how it was chosen, in words
 * @param imagesPerSecond training speed measured during the sweep
 */
public record RateCurve(List<Double> rates, List<Double> losses, List<Double> smoothed, double suggested, String rule,
        double imagesPerSecond) {
    public RateCurve {
        rates = List.copyOf(rates);
        losses = List.copyOf(losses);
        smoothed = List.copyOf(smoothed);
    }
}
