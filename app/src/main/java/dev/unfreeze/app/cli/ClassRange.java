package dev.unfreeze.app.cli;

import java.util.ArrayList;
import java.util.List;

/** Parses class selections such as {@code 0-4} or {@code 5,7,9}. */
final class ClassRange {
    private ClassRange() {}

    static List<Integer> parse(String text) {
        List<Integer> result = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            int dash = p.indexOf('-');
            if (dash > 0) {
                for (int i = Integer.parseInt(p.substring(0, dash)); i <= Integer.parseInt(p.substring(dash + 1)); i++) {
                    result.add(i);
                }
            } else if (!p.isEmpty()) {
                result.add(Integer.parseInt(p));
            }
        }
        if (result.stream().anyMatch(i -> i < 0 || i > 9)) {
            throw new IllegalArgumentException("Fashion-MNIST classes are 0-9, not " + text);
        }
        return result;
    }
}
