package dev.unfreeze.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineUnpackingTest {
    @Test
    void theShareUnpackedIsTheBytesInTheTemporaryFolderAgainstTheJar(@TempDir Path cache) throws Exception {
        EngineUnpacking unpacking = new EngineUnpacking(cache, 1000);
        assertThat(unpacking.progress()).isEqualTo(0.0);
        Path tmp = Files.createDirectories(cache.resolve("tmp123"));
        Files.write(tmp.resolve("libc10.so"), new byte[250]);
        Files.write(cache.resolve("2.7.1-cpu-linux-x86_64.index"), new byte[500]); // not unpacking
        assertThat(unpacking.progress()).isEqualTo(0.25);
        Files.write(tmp.resolve("libtorch_cpu.so"), new byte[750]);
        assertThat(unpacking.progress()).isEqualTo(1.0);
        assertThat(new EngineUnpacking(cache, 0).progress()).as("unknown size").isEqualTo(-1);
    }

    @Test
    void theNativeJarOnTheClassPathGivesTheExpectedSize() {
        // the CPU build's libraries are about 450 MB on every platform
        assertThat(EngineUnpacking.forThisEngine()).extracting("expectedBytes").asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.LONG).isGreaterThan(100L << 20);
    }
}
