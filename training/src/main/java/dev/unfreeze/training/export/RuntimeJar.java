package dev.unfreeze.training.export;

import dev.unfreeze.training.runtime.AdaptedBlockFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Writes the jar that lets plain DJL rebuild an exported network: every class of the runtime
 * package, copied from wherever this application loads them (a jar or a classes folder).
 */
final class RuntimeJar {
    private static final String PACKAGE = AdaptedBlockFactory.class.getPackageName().replace('.', '/') + "/";

    private RuntimeJar() {}

    /** The class-file names of the runtime package, such as {@code dev/unfreeze/.../AdaptedNetwork.class}. */
    static List<String> classFiles() throws IOException {
        Path location;
        try {
            location = Path.of(AdaptedBlockFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the runtime classes", e);
        }
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.list(location.resolve(PACKAGE))) {
                files.map(p -> PACKAGE + p.getFileName()).filter(n -> n.endsWith(".class")).sorted().forEach(names::add);
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                jar.stream().map(JarEntry::getName)
                        .filter(n -> n.startsWith(PACKAGE) && n.endsWith(".class") && n.indexOf('/', PACKAGE.length()) < 0)
                        .sorted().forEach(names::add);
            }
        }
        return names;
    }

    static void write(Path jarFile) throws IOException {
        try (OutputStream out = Files.newOutputStream(jarFile); JarOutputStream jar = new JarOutputStream(out)) {
            for (String name : classFiles()) {
                jar.putNextEntry(new JarEntry(name));
                try (InputStream in = AdaptedBlockFactory.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException("missing runtime class " + name);
                    }
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
    }
}
