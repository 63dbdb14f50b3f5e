package dev.unfreeze.training.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * libtorch's deprecation warning reaches a process's standard error from C++ the first time data is
 * copied into a tensor; a process that quiets the engine first shows none of it. Each case runs in a
 * child process, whose standard error is what a user's terminal would show.
 */
@EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "descriptor 2 is redirected through the C library")
class NativeStderrTest {

    /** The child: copies data into a tensor, after quieting the engine when asked. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("quiet")) {
            NativeStderr.quietEngine();
        }
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            manager.create(new float[] {1, 2, 3}).set(java.nio.FloatBuffer.wrap(new float[] {4, 5, 6}));
        }
        System.err.println("still heard after the engine's start");
    }

    @Test
    void theEnginesOwnWarningNeverReachesTheTerminal() throws Exception {
        String loud = childStderr("loud");
        String quiet = childStderr("quiet");
        assertThat(loud).as("the warning this guards against").contains("AutoNonVariableTypeMode");
        assertThat(quiet).doesNotContain("AutoNonVariableTypeMode").contains("still heard after the engine's start");
    }

    private static String childStderr(String mode) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                NativeStderrTest.class.getName(), mode).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        return err;
    }
}
