package dev.unfreeze.training.catalog;

import dev.unfreeze.training.api.UnfreezeException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.function.DoubleConsumer;

/**
 * Fetches a TorchScript archive from an {@code https:}, {@code http:} or {@code file:} URL into the
 * workspace cache, once. A {@code #sha256=HEX} fragment on the URL is checked; either way the
 * checksum of what arrived is stored beside it and checked again on every later use.
 */
public final class UrlModelFetcher {
    private final Path cacheDir;
    private final boolean offline;

    public UrlModelFetcher(Path cacheDir, boolean offline) {
        this.cacheDir = cacheDir;
        this.offline = offline;
    }

    /** Returns the local copy of the URL's file, fetching it when the cache has none. */
    public Path fetch(String url) {
        return fetch(url, p -> { });
    }

    /**
     * Returns the local copy of the URL's file, fetching it when the cache has none.
     *
     * @param progress the share downloaded (0 to 1), or -1 while the size is unknown
     */
    public Path fetch(String url, DoubleConsumer progress) {
        URI uri = URI.create(url);
        String expected = null;
        if (uri.getFragment() != null && uri.getFragment().startsWith("sha256=")) {
            expected = uri.getFragment().substring(7).toLowerCase(Locale.ROOT);
        }
        String address = url.contains("#") ? url.substring(0, url.indexOf('#')) : url;
        String fileName = Path.of(URI.create(address).getPath()).getFileName().toString();
        Path folder = cacheDir.resolve("downloads").resolve(Checksums.sha256(address.getBytes(StandardCharsets.UTF_8)).substring(0, 16));
        Path target = folder.resolve(fileName.isEmpty() ? "model.pt" : fileName);
        Path checksumFile = folder.resolve("sha256");
        try {
            if (Files.isRegularFile(target) && Files.isRegularFile(checksumFile)) {
                String stored = Files.readString(checksumFile).trim();
                if (stored.equals(Checksums.sha256(target)) && (expected == null || expected.equals(stored))) {
                    return target;
                }
            }
            if (offline && !address.toLowerCase(Locale.ROOT).startsWith("file:")) {
                throw new UnfreezeException("cannot download " + address + ": Unfreeze is set to work offline. "
                        + "Download the file yourself and pass its path instead.");
            }
            Files.createDirectories(folder);
            Path part = folder.resolve(target.getFileName() + ".part");
            URLConnection connection = URI.create(address).toURL().openConnection();
            connection.setConnectTimeout(15_000);
            connection.setReadTimeout(60_000);
            long length = connection.getContentLengthLong();
            try (InputStream in = connection.getInputStream();
                    OutputStream out = Files.newOutputStream(part)) {
                byte[] buffer = new byte[256 * 1024];
                long done = 0;
                int n;
                progress.accept(length > 0 ? 0 : -1);
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                    done += n;
                    progress.accept(length > 0 ? Math.min(1.0, (double) done / length) : -1);
                }
            }
            progress.accept(1.0);
            String actual = Checksums.sha256(part);
            if (expected != null && !expected.equals(actual)) {
                Files.deleteIfExists(part);
                throw new UnfreezeException("the file at " + address + " has checksum " + actual
                        + ", not the expected " + expected + "; it was not used");
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(checksumFile, actual + "\n");
            return target;
        } catch (IOException e) {
            throw new UnfreezeException("cannot download " + address + ": " + describe(e)
                    + ". Check the address and the network, or download the file yourself and pass its path.", e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof UnknownHostException) {
            return "the host " + e.getMessage() + " is unknown (offline?)";
        }
        if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
            return "there is no such file";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
