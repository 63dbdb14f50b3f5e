package dev.unfreeze.training.data;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unfreeze.training.api.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the dataset check found for each readable image file, kept in the workspace so that a dataset is decoded
 * whole once rather than before every run: every run checks its dataset first, and a thousand phone photographs
 * took about a minute to check on two cores (the check decodes each whole to find damage), longer than decoding
 * them for training. A file is found again by its path, size and modification time (to the nanosecond where the
 * file system keeps it); any change, and it is checked again. Damaged files are not kept, so they are checked, and
 * reported, every time. The file is rewritten whole and atomically, so a process killed while writing it, or two
 * writing at once, leave one complete version; one that does not parse is started afresh.
 */
final class CheckedImages {
    private static final Logger LOG = LoggerFactory.getLogger(CheckedImages.class);
    private static final ObjectMapper JSON = Json.mapper();
    /** Beyond this many files, only those of the latest inspection are kept. */
    static final int MAX_ENTRIES = 100_000;

    /** One readable file as the check found it. */
    record Entry(long size, long modified, String format, int width, int height, String colourMode, String sha256) {
        ImageFiles.Header header() {
            return new ImageFiles.Header(format, width, height, colourMode);
        }
    }

    private final Path store;
    private final Map<String, Entry> entries;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private volatile boolean changed;

    private CheckedImages(Path store, Map<String, Entry> entries) {
        this.store = store;
        this.entries = new ConcurrentHashMap<>(entries);
    }

    /** Nothing kept: every file is checked. */
    static CheckedImages none() {
        return new CheckedImages(null, Map.of());
    }

    /** The files checked before, kept in {@code store} (which need not exist yet). */
    static CheckedImages load(Path store) {
        if (!Files.isRegularFile(store)) {
            return new CheckedImages(store, Map.of());
        }
        try {
            Map<String, Entry> read = JSON.readValue(store.toFile(), new TypeReference<Map<String, Entry>>() {});
            read.values().removeIf(e -> e == null || e.format() == null || e.sha256() == null);
            return new CheckedImages(store, read);
        } catch (IOException | RuntimeException e) {
            LOG.warn("the record of checked images ({}) could not be read ({}); every image is checked again", store,
                    e.toString());
            return new CheckedImages(store, Map.of());
        }
    }

    /** What the check found for the file when it had this size and modification time, or null. */
    Entry find(Path file, long size, long modified) {
        if (store == null) {
            return null;
        }
        String key = key(file);
        Entry entry = entries.get(key);
        if (entry == null || entry.size() != size || entry.modified() != modified) {
            return null;
        }
        seen.add(key);
        return entry;
    }

    /** Keeps what the check found for a readable file. */
    void remember(Path file, long size, long modified, ImageFiles.Header header, String sha256) {
        if (store == null) {
            return;
        }
        String key = key(file);
        entries.put(key, new Entry(size, modified, header.format(), header.width(), header.height(), header.colourMode(), sha256));
        seen.add(key);
        changed = true;
    }

    /** Drops what was kept for a file that the check now finds unusable. */
    void forget(Path file) {
        if (store != null && entries.remove(key(file)) != null) {
            changed = true;
        }
    }

    /** Writes the record if anything was added; a failure to write only costs the next run the checks. */
    void save() {
        if (store == null || !changed) {
            return;
        }
        if (entries.size() > MAX_ENTRIES) {
            entries.keySet().retainAll(seen);
        }
        try {
            Files.createDirectories(store.getParent());
            Path partial = Files.createTempFile(store.getParent(), store.getFileName().toString(), ".part");
            try {
                JSON.writeValue(partial.toFile(), entries);
                Files.move(partial, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
            changed = false;
        } catch (IOException | RuntimeException e) {
            LOG.warn("the record of checked images could not be written to {} ({})", store, e.toString());
        }
    }

    private static String key(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }
}
