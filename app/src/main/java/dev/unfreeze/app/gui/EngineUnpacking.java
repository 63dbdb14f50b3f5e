package dev.unfreeze.app.gui;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * How far the very first start has got with unpacking the native engine. DJL copies the libraries
 * out of the native jar into a {@code tmp*} folder of its cache and renames the folder when done, so
 * the bytes in those folders against the libraries' size in the jar give the share done.
 */
final class EngineUnpacking {
    private final Path cacheDir;
    private final long expectedBytes;

    EngineUnpacking(Path cacheDir, long expectedBytes) {
        this.cacheDir = cacheDir;
        this.expectedBytes = expectedBytes;
    }

    /** For the engine on this class path (0 expected bytes when its native jar cannot be found). */
    static EngineUnpacking forThisEngine() {
        return new EngineUnpacking(EngineCacheFolder.pytorch(), nativeLibraryBytes());
    }

    /** The share unpacked so far (0 to 1), or -1 when it cannot be told. */
    double progress() {
        if (expectedBytes <= 0 || !Files.isDirectory(cacheDir)) {
            return -1;
        }
        long written = 0;
        try (Stream<Path> children = Files.list(cacheDir)) {
            for (Path tmp : children.filter(p -> p.getFileName().toString().startsWith("tmp") && Files.isDirectory(p)).toList()) {
                try (Stream<Path> files = Files.list(tmp)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        written += Files.size(f);
                    }
                }
            }
        } catch (IOException e) {
            return -1; // a folder was renamed while it was read: the next look tells
        }
        return Math.min(1.0, (double) written / expectedBytes);
    }

    /** The size of the native libraries in the engine's native jar (0 when there is none). */
    private static long nativeLibraryBytes() {
        URL marker = EngineUnpacking.class.getClassLoader().getResource("native/lib/pytorch.properties");
        if (marker == null || !"jar".equals(marker.getProtocol())) {
            return 0;
        }
        try {
            JarURLConnection connection = (JarURLConnection) marker.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                return jar.stream().filter(e -> e.getName().startsWith("pytorch/") && !e.isDirectory())
                        .mapToLong(ZipEntry::getSize).filter(s -> s > 0).sum();
            }
        } catch (IOException | ClassCastException e) {
            return 0;
        }
    }
}
