package dev.unfreeze.app.worker;

import java.util.Map;

/**
 * The environment a process that runs the native engine should start with: how its memory is
 * allocated, and which processor instructions its convolutions may use. The launcher script
 * ({@code ./unfreeze}), the installed {@code /usr/bin/unfreeze} and the test runner set the same
 * values (a test checks that they agree).
 */
public final class EngineEnvironment {
    /**
     * PyTorch allocates and frees activations and gradients of megabytes to hundreds of megabytes
     * every step. By default glibc hands large blocks back to the kernel when they are freed and maps
     * them afresh in 4 KiB pages on the next step; on virtual machines those page faults cost more
     * than the arithmetic. So: transparent huge pages for what malloc maps ({@code hugetlb=1}, glibc
     * 2.35 and later: MobileNetV2 fine-tuning went from 2 to 12.6 img/s), every block from the heap
     * ({@code mmap_max=0}) and the heap never trimmed ({@code trim_threshold}), so that a step reuses
     * the pages of the step before: about a million page faults in eleven steps of whole-network
     * fine-tuning become about 120,000, and with the setting below a step takes 2.2 s instead of
     * 2.5. The price is that a process keeps its peak memory until it exits, which an engine process
     * (a run, a command) does anyway.
     * Other C libraries ignore the variable.
     */
    public static final String GLIBC_TUNABLES =
            "glibc.malloc.hugetlb=1:glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=68719476736";

    /**
     * libtorch 2.x aligns its own blocks of 2 MiB and more to huge pages and asks the kernel for huge
     * pages there when this is set (PyTorch's {@code THP_MEM_ALLOC_ENABLE}): about 7% of that gain.
     */
    public static final String THP_MEM_ALLOC_ENABLE = "1";

    /**
     * Caps oneDNN, the convolution library inside libtorch, at AVX2 kernels. On a processor with
     * AVX-512 (measured on an AMD EPYC), libtorch 2.7.1's oneDNN gave MobileNetV2 features for a batch
     * of several images that differ from the same images one at a time by up to 2.4 (of values up to
     * 6), at 64, 96 and 224 px; one image at a time and PyTorch's own results agree. Every batched
     * forward pass (training steps, the feature cache, evaluation, prediction) was wrong there. With
     * the cap, batches and single images agree to 1e-5 ({@code BatchIndependenceTest}); every AVX-512
     * level oneDNN offers gave the same wrong numbers.
     */
    public static final String DNNL_MAX_CPU_ISA = "AVX2";

    private EngineEnvironment() {}

    /** One line on how a process with this environment allocates the engine's memory ({@code unfreeze engine}). */
    public static String describe(Map<String, String> environment) {
        String glibc = environment.get("GLIBC_TUNABLES");
        String thp = environment.get("THP_MEM_ALLOC_ENABLE");
        if (GLIBC_TUNABLES.equals(glibc) && THP_MEM_ALLOC_ENABLE.equals(thp)) {
            return "tuned for training (huge pages, blocks reused between steps)";
        }
        if (glibc == null && thp == null) {
            return "glibc defaults: training runs slower; start it with the unfreeze command, which sets "
                    + "GLIBC_TUNABLES and THP_MEM_ALLOC_ENABLE";
        }
        return "as set: GLIBC_TUNABLES=" + (glibc == null ? "(unset)" : glibc) + " THP_MEM_ALLOC_ENABLE="
                + (thp == null ? "(unset)" : thp);
    }

    /** One line on which instructions the engine's convolutions may use ({@code unfreeze engine}). */
    public static String describeKernels(Map<String, String> environment) {
        String isa = environment.get("DNNL_MAX_CPU_ISA");
        if (DNNL_MAX_CPU_ISA.equals(isa)) {
            return "oneDNN capped at AVX2 (its AVX-512 kernels gave wrong batched results on some processors)";
        }
        return isa == null ? "oneDNN uncapped: on some AVX-512 processors batched results are wrong; start it with the"
                + " unfreeze command, which sets DNNL_MAX_CPU_ISA" : "as set: DNNL_MAX_CPU_ISA=" + isa;
    }

    /** Adds the engine's settings to a child process environment, keeping any the user set. */
    public static void apply(Map<String, String> environment) {
        environment.putIfAbsent("GLIBC_TUNABLES", GLIBC_TUNABLES);
        environment.putIfAbsent("THP_MEM_ALLOC_ENABLE", THP_MEM_ALLOC_ENABLE);
        environment.putIfAbsent("DNNL_MAX_CPU_ISA", DNNL_MAX_CPU_ISA);
        environment.putIfAbsent("OPT_OUT_TRACKING", "true");
    }
}
