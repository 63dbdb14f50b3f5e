package dev.unfreeze.training.explain;

/**
 * How much each place of the model's input mattered to one class.
 *
 * @param width the map's width: the model's input width
 * @param height its height
 * @param values row by row, 0 (no matter) to 1 (the place that mattered most)
 * @param classIndex the class explained
 * @param probability the model's probability for it on the whole image
 * @param largestDrop the largest fall in the class's log-odds, where 1 is: how far hiding any one place moves the
 *     answer (near 0, the model relies on no single place)
 */
public record HeatMap(int width, int height, float[] values, int classIndex, float probability, float largestDrop) {
    /** The map's value at a point given as shares (0 to 1) of its width and height, interpolated bilinearly. */
    public float at(double u, double v) {
        double x = Math.max(0, Math.min(width - 1, u * width - 0.5));
        double y = Math.max(0, Math.min(height - 1, v * height - 0.5));
        int x0 = (int) x;
        int y0 = (int) y;
        int x1 = Math.min(width - 1, x0 + 1);
        int y1 = Math.min(height - 1, y0 + 1);
        double fx = x - x0;
        double fy = y - y0;
        double top = values[y0 * width + x0] * (1 - fx) + values[y0 * width + x1] * fx;
        double bottom = values[y1 * width + x0] * (1 - fx) + values[y1 * width + x1] * fx;
        return (float) (top * (1 - fy) + bottom * fy);
    }

    /** The share of the map's total weight in the given part, each bound a share of the width or height. */
    public double shareIn(double left, double top, double right, double bottom) {
        double inside = 0;
        double total = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = values[y * width + x];
                total += v;
                double u = (x + 0.5) / width;
                double w = (y + 0.5) / height;
                if (u >= left && u < right && w >= top && w < bottom) {
                    inside += v;
                }
            }
        }
        return total == 0 ? 0 : inside / total;
    }
}
