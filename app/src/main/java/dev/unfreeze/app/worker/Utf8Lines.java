package dev.unfreeze.app.worker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a growing byte stream into complete UTF-8 lines. The stream is split on newline bytes before
 * anything is decoded: a read can end in the middle of a multi-byte character ("Äpfel", "猫"), and
 * decoding each read on its own would garble it. A newline byte never occurs inside a multi-byte
 * character, so every complete line decodes whole.
 */
final class Utf8Lines {
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** Adds the bytes just read and returns the lines they complete, without their line ends. */
    List<String> add(byte[] bytes, int length) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                pending.write(bytes, start, i - start);
                lines.add(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
                start = i + 1;
            }
        }
        pending.write(bytes, start, length - start);
        return lines;
    }

    /** The number of bytes held back as the start of a line not yet complete. */
    int pendingBytes() {
        return pending.size();
    }
}
