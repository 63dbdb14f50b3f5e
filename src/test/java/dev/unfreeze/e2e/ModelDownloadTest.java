package dev.unfreeze.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.unfreeze.app.gui.AppWorkbenchServices;
import dev.unfreeze.training.api.WorkbenchServices;
import dev.unfreeze.training.TestProperty;
import dev.unfreeze.training.api.ModelInfo;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.api.Workspace;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model added from a URL: downloaded by a helper process that reports its progress, checked
 * against its checksum, probed and added to the catalog. The server is on this machine's loopback.
 */
class ModelDownloadTest {
    @TempDir
    Path home;
    private HttpServer server;
    private byte[] model;

    @BeforeEach
    void serve() throws Exception {
        model = Files.readAllBytes(CommandLineTest.sample("fashion-mnist-5-9").getParent().getParent()
                .resolve("models/mobilenet_v2/mobilenet_v2_backbone.pt"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/models/mobile.pt", exchange -> {
            exchange.sendResponseHeaders(200, model.length);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < model.length; i += 64 * 1024) {
                    out.write(model, i, Math.min(64 * 1024, model.length - i));
                    out.flush();
                }
            }
        });
        server.start();
    }

    /** The workspace property, put back after each test. */
    private final TestProperty homeProperty = new TestProperty("unfreeze.home");

    @AfterEach
    void stop() {
        server.stop(0);
        homeProperty.restore();
    }

    @Test
    void aDownloadReportsProgressAndJoinsTheCatalog() throws Exception {
        homeProperty.set(home.toString());
        WorkbenchServices services = AppWorkbenchServices.create(new Workspace(home), AppWorkbenchServices.thisJvm());
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/models/mobile.pt";
        List<Double> progress = new CopyOnWriteArrayList<>();
        ModelInfo info = services.catalog().importModelFromUrl(url, progress::add);
        assertThat(info.id()).isEqualTo("mobile");
        assertThat(info.provenance()).contains(url);
        assertThat(info.parameters()).isEqualTo(2_223_872);
        assertThat(progress).isNotEmpty().isSorted().last().isEqualTo(1.0);
        assertThat(progress).anySatisfy(p -> assertThat(p).isStrictlyBetween(0.0, 1.0));
        assertThat(services.catalog().models()).extracting(ModelInfo::id).contains("mobile");

        assertThatThrownBy(() -> services.catalog().importModelFromUrl(url.replace("mobile.pt", "other.pt") + "#sha256=00", p -> { }))
                .isInstanceOf(UnfreezeException.class).hasMessageContaining("cannot download");
        String wrongSum = url + "#sha256=" + "0".repeat(64);
        assertThatThrownBy(() -> services.catalog().importModelFromUrl(wrongSum.replace("#", "?again#"), p -> { }))
                .isInstanceOf(UnfreezeException.class).hasMessageContaining("not the expected");
    }
}
