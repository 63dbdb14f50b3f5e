package dev.unfreeze.training.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Where decoded, resized images are kept between epochs, as 8-bit samples: in memory when they fit
 * the budget, otherwise in a file in the workspace (read back with positional reads, which the page
 * cache makes cheap). The file is deleted on close (on Unix it is unlinked as soon as it is opened, so
 * even a killed process leaves nothing behind). Slots are fixed-length; writes and reads are safe from
 * several threads.
 */
abstract sealed class PixelStore implements AutoCloseable {

    /** A store for {@code count} images of {@code length} bytes: memory if it fits {@code memoryBudget} bytes. */
    static PixelStore create(int count, int length, long memoryBudget, Path spillFolder) {
        long bytes = (long) count * length;
        if (bytes <= memoryBudget || spillFolder == null) {
            return new Memory(count);
        }
        return new Disk(length, spillFolder);
    }

    abstract void put(int slot, byte[] samples);

    abstract byte[] get(int slot);

    abstract boolean onDisk();

    @Override
    public void close() {}

    static final class Memory extends PixelStore {
        private final byte[][] slots;

        Memory(int count) {
            slots = new byte[count][];
        }

        @Override
        void put(int slot, byte[] samples) {
            slots[slot] = samples;
        }

        @Override
        byte[] get(int slot) {
            return slots[slot];
        }

        @Override
        boolean onDisk() {
            return false;
        }
    }

    static final class Disk extends PixelStore {
        private final int length;
        private final Path file;
        private final FileChannel channel;

        Disk(int length, Path folder) {
            this.length = length;
            try {
                Files.createDirectories(folder);
                this.file = folder.resolve("decoded-" + UUID.randomUUID() + ".u8");
                this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the decoded-image cache in " + folder, e);
            }
        }

        @Override
        void put(int slot, byte[] samples) {
            ByteBuffer buffer = ByteBuffer.wrap(samples);
            long position = (long) slot * length;
            try {
                while (buffer.hasRemaining()) {
                    position += channel.write(buffer, position);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the decoded-image cache " + file, e);
            }
        }

        @Override
        byte[] get(int slot) {
            byte[] samples = new byte[length];
            ByteBuffer buffer = ByteBuffer.wrap(samples);
            long position = (long) slot * length;
            try {
                while (buffer.hasRemaining()) {
                    int n = channel.read(buffer, position + buffer.position());
                    if (n < 0) {
                        throw new IOException("the cache file ends early");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the decoded-image cache " + file, e);
            }
            return samples;
        }

        @Override
        boolean onDisk() {
            return true;
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the file is deleted on close; nothing else to release
            }
        }
    }
}
