package dev.unfreeze.app.worker;

import dev.unfreeze.app.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that starts another JVM of this installation: same runtime, same class path. */
public final class JavaCommand {
    private JavaCommand() {}

    /**
     * {@code java [options] -cp <this class path> Main}, with the engine settings of
     * this JVM. The java binary comes from this runtime ({@code java.home}), because an installed
     * application runs inside a native launcher that is not itself a java command.
     */
    public static List<String> current(List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        Path java = Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name", "").startsWith("Windows") ? "java.exe" : "java");
        command.add(Files.isExecutable(java) ? java.toString() : ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        for (String key : List.of("ai.djl.offline", "OPT_OUT_TRACKING", "DJL_CACHE_DIR", "unfreeze.home")) {
            if (System.getProperty(key) != null) {
                command.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.unfreeze.app.Main");
        return command;
    }
}
