package dev.unfreeze.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.unfreeze.app.worker.EngineEnvironment;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerAllocatorTest {
    /** The bench runs with the engine's settings; the peer it compares against must not inherit them. */
    @Test
    void thePeerGetsHugePagesOnlyUnlessAskedForTheEnginesSettings() {
        Map<String, String> inherited = new HashMap<>();
        EngineEnvironment.apply(inherited);

        Map<String, String> peer = new HashMap<>(inherited);
        PeerScript.Allocator.HUGE_PAGES.apply(peer);
        assertEquals("glibc.malloc.hugetlb=1", peer.get("GLIBC_TUNABLES"));
        assertNull(peer.get("THP_MEM_ALLOC_ENABLE"));
        assertNull(peer.get("DNNL_MAX_CPU_ISA"));

        Map<String, String> same = new HashMap<>(Map.of("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1"));
        PeerScript.Allocator.ENGINE.apply(same);
        assertEquals(EngineEnvironment.GLIBC_TUNABLES, same.get("GLIBC_TUNABLES"));
        assertEquals(EngineEnvironment.THP_MEM_ALLOC_ENABLE, same.get("THP_MEM_ALLOC_ENABLE"));
    }
}
