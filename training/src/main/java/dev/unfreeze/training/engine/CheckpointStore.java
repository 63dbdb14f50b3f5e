package dev.unfreeze.training.engine;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unfreeze.training.api.Json;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.runtime.AdaptedNetwork;
import dev.unfreeze.training.runtime.NamedArrays;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Checkpoint files: a magic line, a JSON header line ({@link Checkpoint}), the TorchScript backbone
 * (when there is one), every parameter of the network by name, then (in the checkpoint a run resumes from) the
 * optimiser's state. Writes go to a temporary file
 * that is synced and then atomically renamed, so a failed write never replaces the previous
 * checkpoint; reads check the length and checksum before anything is used.
 */
public final class CheckpointStore {
    private static final String MAGIC = "UNFREEZE-CHECKPOINT 1";
    private static final ObjectMapper JSON = Json.mapper(); // the header is one line

    /** How bytes reach the disk; tests swap in one that fails half-way. */
    @FunctionalInterface
    public interface Sink {
        OutputStream open(Path file) throws IOException;
    }

    /**
     * A checkpoint read and verified.
     *
     * @param header the run state
     * @param module the TorchScript backbone, empty for other backbones
     * @param weights the named parameter values
     * @param optimizer the optimiser's state ({@link OptimizerState}), empty when the file holds none
     */
    public record Loaded(Checkpoint header, byte[] module, byte[] weights, byte[] optimizer) {
        /** Copies the named values into the network's parameters. */
        public void restoreInto(AdaptedNetwork network) throws IOException {
            try (NDManager manager = NDManager.newBaseManager()) {
                NamedArrays.restore(network, NDList.decode(manager, weights));
            }
        }
    }

    private final Sink sink;

    public CheckpointStore() {
        this(file -> Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE));
    }

    public CheckpointStore(Sink sink) {
        this.sink = sink;
    }

    /** Writes the network and the run state to {@code file}, atomically. */
    public void write(Path file, Checkpoint state, AdaptedNetwork network) throws IOException {
        write(file, state, network, new byte[0]);
    }

    /** As above, with the optimiser's state ({@link OptimizerState#encode}) that a resumed run continues from. */
    public void write(Path file, Checkpoint state, AdaptedNetwork network, byte[] optimizer) throws IOException {
        byte[] module = new byte[0];
        if (network.backbone() instanceof PtSymbolBlock script) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            JniUtils.writeModule(script, buffer, false);
            module = buffer.toByteArray();
        }
        byte[] weights;
        try (NDManager manager = NDManager.newBaseManager()) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            NamedArrays.snapshot(network, manager).encode(buffer, NDList.Encoding.ND_LIST);
            weights = buffer.toByteArray();
        }
        Checkpoint header = new Checkpoint(state.epoch(), state.step(), state.bestMetric(), state.bestEpoch(),
                state.epochsWithoutImprovement(), state.bestValAccuracy(), state.bestValLoss(), state.classes(),
                state.temperature(), checksum(module, weights, optimizer), module.length, weights.length,
                optimizer.length);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = sink.open(tmp)) {
                out.write((MAGIC + "\n").getBytes(StandardCharsets.UTF_8));
                out.write((JSON.writeValueAsString(header) + "\n").getBytes(StandardCharsets.UTF_8));
                out.write(module);
                out.write(weights);
                out.write(optimizer);
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            if (e instanceof IOException io && diskFull(io)) {
                Path run = file.getParent().getParent();
                throw new UnfreezeException(String.format(Locale.ROOT, "the disk is full: the checkpoint of epoch %d "
                        + "(%.1f MB) could not be written to %s. Nothing half-written was kept, and the last complete "
                        + "checkpoint is still there. Free at least that much space, then resume the run "
                        + "(unfreeze train --resume %s, or Resume in the window).", state.epoch() + 1,
                        (module.length + weights.length + optimizer.length) / 1e6, file.getParent(), run), e);
            }
            throw e;
        }
    }

    /** Whether an I/O error means the file system has no room left (ENOSPC, or a quota). */
    static boolean diskFull(IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("no space left") || message.contains("disk quota exceeded") || message.contains("not enough space");
    }

    /**
     * Reads and verifies a checkpoint.
     *
     * @throws UnfreezeException when the file is missing, truncated or corrupted
     */
    public static Loaded read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UnfreezeException("there is no checkpoint at " + file);
        }
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            String magic;
            try {
                magic = readLine(data);
            } catch (IOException e) {
                magic = null;
            }
            if (!MAGIC.equals(magic)) {
                throw damaged(file, "it does not start like an Unfreeze checkpoint");
            }
            Checkpoint header = JSON.readValue(readLine(data), Checkpoint.class);
            byte[] module = data.readNBytes(Math.toIntExact(header.moduleBytes()));
            byte[] weights = data.readNBytes(Math.toIntExact(header.weightBytes()));
            byte[] optimizer = data.readNBytes(Math.toIntExact(header.optimizerBytes()));
            if (module.length != header.moduleBytes() || weights.length != header.weightBytes()
                    || optimizer.length != header.optimizerBytes() || data.read() != -1) {
                throw damaged(file, "its length is wrong (truncated or appended to)");
            }
            if (!checksum(module, weights, optimizer).equals(header.sha256())) {
                throw damaged(file, "its checksum does not match its contents");
            }
            return new Loaded(header, module, weights, optimizer);
        } catch (UnfreezeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw damaged(file, e.getMessage());
        }
    }

    /**
     * The header alone, without reading or verifying the weights (which {@link #read} does before any is used).
     *
     * @return empty when there is no such file or it does not start like a checkpoint
     */
    public static Optional<Checkpoint> readHeader(Path file) {
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            return MAGIC.equals(readLine(data)) ? Optional.of(JSON.readValue(readLine(data), Checkpoint.class))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String checksum(byte[] module, byte[] weights, byte[] optimizer) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(module);
            digest.update(weights);
            digest.update(optimizer); // nothing for files without it: their checksums stay valid
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readLine(DataInputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0 || line.size() > 1 << 16) {
                throw new IOException("the header ends early");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static UnfreezeException damaged(Path file, String why) {
        return new UnfreezeException("the checkpoint " + file + " is damaged and was not used: " + why
                + ". Resume from an earlier checkpoint or start the run again.");
    }
}
