package dev.unfreeze.training.data;

import dev.unfreeze.training.api.UnfreezeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A folder with one sub-folder per class, optionally split into {@code train/} and {@code val/}
 * (or {@code valid/}) inside. Files are only ever read.
 *
 * @param root the folder given
 * @param classes class names, sorted
 * @param train the training images
 * @param val the validation images the source already has (empty when it has none)
 */
public record ClassFolderDataset(Path root, List<String> classes, List<Sample> train, List<Sample> val) {
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    public ClassFolderDataset {
        classes = List.copyOf(classes);
        train = List.copyOf(train);
        val = List.copyOf(val);
    }

    /**
     * Reads a dataset folder.
     *
     * @param root the class folders, or a folder holding {@code train/} (and {@code val/})
     * @param separateVal a separate validation folder with the same class names, or null
     * @throws UnfreezeException when the folder cannot train a classifier, saying why
     */
    public static ClassFolderDataset open(Path root, Path separateVal) {
        if (!Files.isDirectory(root)) {
            throw new UnfreezeException("the dataset folder " + root + " does not exist");
        }
        Path trainDir = root;
        Path valDir = separateVal;
        if (Files.isDirectory(root.resolve("train"))) {
            trainDir = root.resolve("train");
            if (valDir == null) {
                valDir = Files.isDirectory(root.resolve("val")) ? root.resolve("val")
                        : Files.isDirectory(root.resolve("valid")) ? root.resolve("valid") : null;
            }
        }
        List<String> classes = classFolders(trainDir);
        if (classes.size() < 2) {
            throw new UnfreezeException("the dataset " + trainDir + " has " + classes.size()
                    + " class folder(s); a classifier needs at least two (one sub-folder of images per class)");
        }
        List<Sample> train = samples(trainDir, classes, true);
        List<Sample> val = List.of();
        if (valDir != null) {
            if (!Files.isDirectory(valDir)) {
                throw new UnfreezeException("the validation folder " + valDir + " does not exist");
            }
            for (String c : classFolders(valDir)) {
                if (!classes.contains(c)) {
                    throw new UnfreezeException("the validation folder has a class '" + c + "' that the training folder lacks");
                }
            }
            val = samples(valDir, classes, false);
        }
        return new ClassFolderDataset(root, classes, train, val);
    }

    /**
     * A fingerprint of the dataset: a hash over relative paths, sizes and labels. Two copies of the
     * same data in different places have the same fingerprint.
     */
    public String fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (List<Sample> part : List.of(train, val)) {
                for (Sample s : part) {
                    String line = root.relativize(s.file()).toString().replace('\\', '/') + "\t"
                            + Files.size(s.file()) + "\t" + classes.get(s.label()) + "\n";
                    digest.update(line.getBytes(StandardCharsets.UTF_8));
                }
            }
            return "sha256:" + HexFormat.of().formatHex(digest.digest()).substring(0, 32);
        } catch (IOException e) {
            throw new UnfreezeException("cannot read the dataset to fingerprint it: " + e.getMessage(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> classFolders(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UnfreezeException("cannot read the dataset folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<Sample> samples(Path dir, List<String> classes, boolean requireEach) {
        List<Sample> samples = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            Path classDir = dir.resolve(classes.get(label));
            if (!Files.isDirectory(classDir)) {
                continue;
            }
            List<Path> images;
            try (Stream<Path> files = Files.list(classDir)) {
                images = files.filter(Files::isRegularFile).filter(ClassFolderDataset::isImage).sorted().toList();
            } catch (IOException e) {
                throw new UnfreezeException("cannot read the class folder " + classDir + ": " + e.getMessage(), e);
            }
            if (images.isEmpty() && requireEach) {
                throw new UnfreezeException("the class '" + classes.get(label) + "' (" + classDir
                        + ") has no images; add images or remove the folder");
            }
            for (Path image : images) {
                samples.add(new Sample(image, label));
            }
        }
        return samples;
    }

    static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
