package dev.unfreeze.training.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unfreeze.training.api.DatasetReport.Finding;
import dev.unfreeze.training.api.DatasetReport.Severity;
import dev.unfreeze.training.api.Json;
import dev.unfreeze.training.api.UnfreezeException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Extracts a zip or tar.gz dataset into the workspace cache, refusing whatever could write outside
 * the target folder (entries with {@code ../} or an absolute path, links) and stopping archives that
 * expand beyond the limits (zip bombs). The archive itself is only read. An archive is extracted once;
 * the same content dropped again reuses the extraction.
 */
public final class SafeArchive {
    private static final String RECORD = ".unfreeze-extraction.json";
    private static final ObjectMapper JSON = Json.mapper();

    /**
     * What an archive may expand to.
     *
     * @param maxEntries the most entries
     * @param maxTotalBytes the most bytes extracted in all
     * @param maxRatio the most bytes extracted per byte of archive, once more than {@code ratioFloorBytes} are out
     * @param ratioFloorBytes below this much output, the ratio is not checked (small, highly compressible files are fine)
     */
    public record Limits(int maxEntries, long maxTotalBytes, double maxRatio, long ratioFloorBytes) {
        /** Generous for image datasets, fatal to bombs. */
        public static final Limits DEFAULT = new Limits(200_000, 32L << 30, 100, 64L << 20);
    }

    /**
     * An extracted archive.
     *
     * @param folder where its entries are
     * @param refused the entries not extracted, each with the reason
     */
    public record Extracted(Path folder, List<Finding> refused) {}

    private SafeArchive() {}

    /** Whether a file's name says it is an archive this class reads. */
    public static boolean isArchive(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".zip") || name.endsWith(".tar.gz") || name.endsWith(".tgz");
    }

    /** Extracts (or finds the earlier extraction of) an archive under {@code cache}. */
    public static Extracted extract(Path archive, Path cache, Limits limits) {
        if (!Files.isRegularFile(archive)) {
            throw new UnfreezeException("the archive " + archive + " does not exist");
        }
        try {
            Path target = cache.resolve(contentHash(archive));
            if (Files.isRegularFile(target.resolve(RECORD))) {
                return new Extracted(target, readRecord(target));
            }
            Files.createDirectories(cache);
            Path partial = cache.resolve("partial-" + UUID.randomUUID());
            Files.createDirectories(partial);
            try {
                List<Finding> refused = new ArrayList<>();
                Budget budget = new Budget(archive, Files.size(archive), limits);
                String name = archive.getFileName().toString().toLowerCase(Locale.ROOT);
                if (name.endsWith(".zip")) {
                    extractZip(archive, partial, budget, refused);
                } else {
                    extractTarGz(archive, partial, budget, refused);
                }
                JSON.writeValue(partial.resolve(RECORD).toFile(), refused);
                try {
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    if (!Files.isRegularFile(target.resolve(RECORD))) {
                        throw raced;
                    }
                    deleteTree(partial);
                }
                return new Extracted(target, refused);
            } catch (IOException | RuntimeException e) {
                deleteTree(partial);
                throw e;
            }
        } catch (IOException e) {
            throw new UnfreezeException("cannot extract " + archive.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static void extractZip(Path archive, Path target, Budget budget, List<Finding> refused) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            var entries = zip.getEntriesInPhysicalOrder();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                String refusal = entry.isUnixSymlink() ? "is a link; links are not extracted" : null;
                try (InputStream in = refusal != null || entry.isDirectory() ? null : zip.getInputStream(entry)) {
                    extractEntry(entry.getName(), entry.isDirectory(), refusal, in, target, budget, refused);
                }
            }
        }
    }

    private static void extractTarGz(Path archive, Path target, Budget budget, List<Finding> refused) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(archive))))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String refusal = entry.isSymbolicLink() || entry.isLink() ? "is a link; links are not extracted"
                        : !entry.isDirectory() && !entry.isFile() ? "is not a plain file or folder; not extracted" : null;
                extractEntry(entry.getName(), entry.isDirectory(), refusal, tar, target, budget, refused);
            }
        }
    }

    /** Writes one entry inside {@code target}, or records why it is not written. */
    private static void extractEntry(String name, boolean directory, String refusal, InputStream content, Path target,
            Budget budget, List<Finding> refused) throws IOException {
        budget.entry();
        if (refusal != null) {
            refused.add(refusal(name, refusal));
            return;
        }
        Path out = safeTarget(target, name, refused);
        if (out == null) {
            return;
        }
        if (directory) {
            Files.createDirectories(out);
            return;
        }
        Files.createDirectories(out.getParent());
        copy(content, out, name, budget);
    }

    /** Where an entry may go, or null (with the refusal recorded) when it would land outside. */
    private static Path safeTarget(Path target, String entryName, List<Finding> refused) {
        String name = entryName.replace('\\', '/');
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            refused.add(refusal(entryName, "has an absolute path; only paths inside the archive are extracted"));
            return null;
        }
        if (name.indexOf('\0') >= 0) {
            refused.add(refusal(entryName, "has a NUL character in its name; not extracted"));
            return null;
        }
        Path out = target.resolve(name).normalize();
        if (!out.startsWith(target)) {
            refused.add(refusal(entryName, "would be written outside the extraction folder (it uses ../); not extracted"));
            return null;
        }
        return out;
    }

    private static void copy(InputStream in, Path out, String name, Budget budget) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream os = Files.newOutputStream(out)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                budget.bytes(n, name);
                os.write(buffer, 0, n);
            }
        }
    }

    private static Finding refusal(String entry, String why) {
        return new Finding(Severity.WARNING, "refused-entry", entry, "archive entry " + why);
    }

    /** Counts what comes out and stops at the limits. */
    private static final class Budget {
        private final Path archive;
        private final long archiveBytes;
        private final Limits limits;
        private int entries;
        private long total;

        Budget(Path archive, long archiveBytes, Limits limits) {
            this.archive = archive;
            this.archiveBytes = Math.max(1, archiveBytes);
            this.limits = limits;
        }

        void entry() {
            if (++entries > limits.maxEntries()) {
                throw bomb("has more than " + limits.maxEntries() + " entries");
            }
        }

        void bytes(int n, String entry) {
            total += n;
            if (total > limits.maxTotalBytes()) {
                throw bomb("expands beyond " + (limits.maxTotalBytes() >> 20) + " MiB (at " + entry + ")");
            }
            if (total > limits.ratioFloorBytes() && (double) total / archiveBytes > limits.maxRatio()) {
                throw bomb(String.format(Locale.ROOT, "expands more than %.0f times its size (at %s, %,d MiB out of %,d KiB)",
                        limits.maxRatio(), entry, total >> 20, archiveBytes >> 10));
            }
        }

        private UnfreezeException bomb(String what) {
            return new UnfreezeException("refused the archive " + archive.getFileName() + ": it " + what
                    + ", which looks like a zip bomb rather than a dataset");
        }
    }

    private static List<Finding> readRecord(Path folder) throws IOException {
        return List.of(JSON.readValue(folder.resolve(RECORD).toFile(), Finding[].class));
    }

    private static String contentHash(Path archive) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(archive), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a partial extraction is never used, it only takes space
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}
