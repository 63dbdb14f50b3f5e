package dev.unfreeze.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.util.Utils;
import org.junit.jupiter.api.Test;

/** The window finds the engine's cache folder without DJL, and where DJL itself looks. */
class EngineCacheFolderTest {
    @Test
    void itIsTheFolderDjlUnpacksTheEngineInto() {
        String before = System.getProperty("DJL_CACHE_DIR");
        try {
            assertThat(EngineCacheFolder.pytorch()).isEqualTo(Utils.getEngineCacheDir("pytorch"));
            System.setProperty("DJL_CACHE_DIR", "/tmp/elsewhere");
            assertThat(EngineCacheFolder.pytorch()).isEqualTo(Utils.getEngineCacheDir("pytorch"));
        } finally {
            if (before == null) {
                System.clearProperty("DJL_CACHE_DIR");
            } else {
                System.setProperty("DJL_CACHE_DIR", before);
            }
        }
    }
}
