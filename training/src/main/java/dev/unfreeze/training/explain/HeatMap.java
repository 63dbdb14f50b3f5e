package dev.unfreeze.training.explain;

import dev.unfreeze.training.api.ExplanationMethod;

/**
 * How much each place of the model's input mattered to one class, on a grid of places: the value at each grid
 * point belongs to the square centred there, and between points the map is interpolated, so it is smooth at any size.
 *
 * @param columns grid points across
 * @param rows grid points down
 * @param values row by row, 0 (no matter) to 1 (the place that mattered most)
 * @param first the first point's position, as a share of the input's width (and height)
 * @param spacing the distance between points, as a share of the input's width (and height)
 * @param classIndex the class explained
 * @param probability the model's probability for it on the whole image
 * @param method how it was found
 */
public record HeatMap(int columns, int rows, float[] values, double first, double spacing, int classIndex,
        float probability, ExplanationMethod method) {
    /** The map at a point given as shares (0 to 1) of the input's width and height, interpolated bilinearly. */
    public float at(double u, double v) {
        double x = Math.max(0, Math.min(columns - 1, (u - first) / spacing));
        double y = Math.max(0, Math.min(rows - 1, (v - first) / spacing));
        int x0 = (int) x;
        int y0 = (int) y;
        int x1 = Math.min(columns - 1, x0 + 1);
        int y1 = Math.min(rows - 1, y0 + 1);
        double fx = x - x0;
        double fy = y - y0;
        double top = values[y0 * columns + x0] * (1 - fx) + values[y0 * columns + x1] * fx;
        double bottom = values[y1 * columns + x0] * (1 - fx) + values[y1 * columns + x1] * fx;
        return (float) (top * (1 - fy) + bottom * fy);
    }

    /**
     * How much hotter a part is than the rest: the mean value of the grid points inside it over the mean of those
     * outside (each bound a share of the input); 1 when the map is even, large when the heat is in the part.
     */
    public double contrast(double left, double top, double right, double bottom) {
        double inside = 0;
        double outside = 0;
        int in = 0;
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                double u = first + x * spacing;
                double w = first + y * spacing;
                if (u >= left && u < right && w >= top && w < bottom) {
                    inside += values[y * columns + x];
                    in++;
                } else {
                    outside += values[y * columns + x];
                }
            }
        }
        int out = rows * columns - in;
        return in == 0 || out == 0 ? 1 : (inside / in) / Math.max(outside / out, 1e-9);
    }

    /** The grid point that mattered most, as shares (0 to 1) of the input's width and height. */
    public double[] hottest() {
        int best = 0;
        for (int p = 1; p < values.length; p++) {
            if (values[p] > values[best]) {
                best = p;
            }
        }
        return new double[] {first + (best % columns) * spacing, first + (best / columns) * spacing};
    }
}
