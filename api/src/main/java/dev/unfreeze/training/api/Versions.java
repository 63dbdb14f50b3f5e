package dev.unfreeze.training.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The versions of Unfreeze and of the engine it runs on, as built.
 *
 * @param unfreeze this application's version
 * @param djl the Deep Java Library's version
 * @param pytorch the PyTorch native library's version
 */
public record Versions(String unfreeze, String djl, String pytorch) {

    /** The versions recorded at build time. */
    public static Versions current() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/dev/unfreeze/training/versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Unknown versions are reported as such below.
        }
        return new Versions(p.getProperty("version", "unknown"), p.getProperty("djl", "unknown"),
                p.getProperty("pytorch", "unknown"));
    }
}
