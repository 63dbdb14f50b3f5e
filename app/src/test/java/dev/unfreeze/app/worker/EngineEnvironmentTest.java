package dev.unfreeze.app.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EngineEnvironmentTest {
    @Test
    void aWorkerGetsTheSettingsAndKeepsTheUsersOwn() {
        Map<String, String> environment = new HashMap<>(Map.of("GLIBC_TUNABLES", "glibc.malloc.hugetlb=0"));
        EngineEnvironment.apply(environment);
        assertEquals("glibc.malloc.hugetlb=0", environment.get("GLIBC_TUNABLES"));
        assertEquals("1", environment.get("THP_MEM_ALLOC_ENABLE"));

        Map<String, String> bare = new HashMap<>();
        EngineEnvironment.apply(bare);
        assertEquals(EngineEnvironment.GLIBC_TUNABLES, bare.get("GLIBC_TUNABLES"));
        assertEquals(EngineEnvironment.THP_MEM_ALLOC_ENABLE, bare.get("THP_MEM_ALLOC_ENABLE"));
        assertEquals(EngineEnvironment.DNNL_MAX_CPU_ISA, bare.get("DNNL_MAX_CPU_ISA"));
    }

    /** The launcher script, the installed command and the test runner cannot read the Java constants. */
    @Test
    void everyPlaceThatStartsTheEngineSetsTheSameValues() throws IOException {
        Path root = repositoryRoot();
        for (String script : new String[] {"unfreeze", "installer/linux-command/unfreeze-command"}) {
            String text = Files.readString(root.resolve(script));
            assertEquals(EngineEnvironment.GLIBC_TUNABLES, find(text, "GLIBC_TUNABLES=\"\\$\\{GLIBC_TUNABLES:-([^}]*)\\}\""), script);
            assertEquals(EngineEnvironment.THP_MEM_ALLOC_ENABLE,
                    find(text, "THP_MEM_ALLOC_ENABLE=\"\\$\\{THP_MEM_ALLOC_ENABLE:-([^}]*)\\}\""), script);
            assertEquals(EngineEnvironment.DNNL_MAX_CPU_ISA,
                    find(text, "DNNL_MAX_CPU_ISA=\"\\$\\{DNNL_MAX_CPU_ISA:-([^}]*)\\}\""), script);
        }
        String pom = Files.readString(root.resolve("pom.xml"));
        assertEquals(EngineEnvironment.GLIBC_TUNABLES, find(pom, "<GLIBC_TUNABLES>([^<]*)</GLIBC_TUNABLES>"));
        assertEquals(EngineEnvironment.THP_MEM_ALLOC_ENABLE, find(pom, "<THP_MEM_ALLOC_ENABLE>([^<]*)</THP_MEM_ALLOC_ENABLE>"));
        assertEquals(EngineEnvironment.DNNL_MAX_CPU_ISA, find(pom, "<DNNL_MAX_CPU_ISA>([^<]*)</DNNL_MAX_CPU_ISA>"));
        // and this test runs under the pom's settings
        assertEquals(EngineEnvironment.GLIBC_TUNABLES, System.getenv("GLIBC_TUNABLES"));
    }

    @Test
    void theEngineCommandSaysWhetherTheSettingsAreThere() {
        Map<String, String> tuned = new HashMap<>();
        EngineEnvironment.apply(tuned);
        assertTrue(EngineEnvironment.describe(tuned).startsWith("tuned"), EngineEnvironment.describe(tuned));
        assertTrue(EngineEnvironment.describe(Map.of()).startsWith("glibc defaults"));
        assertEquals("as set: GLIBC_TUNABLES=glibc.malloc.hugetlb=1 THP_MEM_ALLOC_ENABLE=(unset)",
                EngineEnvironment.describe(Map.of("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1")));
    }

    @Test
    void theEngineCommandSaysWhetherTheConvolutionsAreCapped() {
        Map<String, String> tuned = new HashMap<>();
        EngineEnvironment.apply(tuned);
        assertTrue(EngineEnvironment.describeKernels(tuned).startsWith("oneDNN capped at AVX2"));
        assertTrue(EngineEnvironment.describeKernels(Map.of()).startsWith("oneDNN uncapped"));
        assertEquals("as set: DNNL_MAX_CPU_ISA=AVX512_CORE", EngineEnvironment.describeKernels(Map.of("DNNL_MAX_CPU_ISA", "AVX512_CORE")));
    }

    private static String find(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertTrue(matcher.find(), "no " + regex);
        return matcher.group(1);
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("unfreeze"))) {
                return dir;
            }
        }
        throw new AssertionError("not inside the repository");
    }
}
