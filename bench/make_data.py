#!/usr/bin/env python3
"""Builds the quality benchmark's data in bench/data from the sources named in bench/data/NOTICE.

fashion-5-9: Fashion-MNIST classes 5-9 (Sandal, Shirt, Sneaker, Bag, Ankle boot); the first 100
images of each class in the training file under train/, the first 100 of each in the test file under
test/. The benchmark's tasks take the first 5, 20 or 100 training images of each class.

photos-4: the photographs of four categories of GCompris' categorization activity (Debian package
gcompris-qt-data 3.1), extracted from its Qt resource file: the first 10 of each class (by name)
under train/, the rest under test/.

usage: make_data.py FASHION_MNIST_DIR GCOMPRIS_CATEGORIZATION_RCC OUT_DIR
"""
import gzip, os, struct, sys, zlib

FASHION = {5: "Sandal", 6: "Shirt", 7: "Sneaker", 8: "Bag", 9: "Ankle boot"}
PHOTO_CLASSES = ["fishes", "monuments", "renewable", "tools"]


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        return [data[16 + i * rows * cols:16 + (i + 1) * rows * cols] for i in range(count)], rows, cols
    return list(data[8:8 + count]), 0, 0


def png(path, pixels, rows, cols):
    raw = b"".join(b"\x00" + pixels[r * cols:(r + 1) * cols] for r in range(rows))
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", cols, rows, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def fashion(src, out, per_class=100):
    for part, prefix in (("train", "train"), ("test", "t10k")):
        images, rows, cols = idx(os.path.join(src, prefix + "-images-idx3-ubyte.gz"))
        labels, _, _ = idx(os.path.join(src, prefix + "-labels-idx1-ubyte.gz"))
        taken = {k: 0 for k in FASHION}
        for i, label in enumerate(labels):
            if label in FASHION and taken[label] < per_class:
                folder = os.path.join(out, "fashion-5-9", part, FASHION[label])
                os.makedirs(folder, exist_ok=True)
                png(os.path.join(folder, "%s-%05d.png" % (prefix, i)), images[i], rows, cols)
                taken[label] += 1


def rcc_files(path):
    """The files of a Qt resource (.rcc) file, as (path, bytes)."""
    b = open(path, "rb").read()
    assert b[:4] == b"qres", path
    version, tree, data, names = struct.unpack(">IIII", b[4:20])
    size = 14 if version == 1 else 22
    def name(offset):
        n, = struct.unpack(">H", b[names + offset:names + offset + 2])
        return b[names + offset + 6:names + offset + 6 + 2 * n].decode("utf-16-be")
    def walk(i, prefix):
        e = tree + i * size
        offset, flags = struct.unpack(">IH", b[e:e + 6])
        here = os.path.join(prefix, name(offset)) if i else prefix
        if flags & 2:
            count, first = struct.unpack(">II", b[e + 6:e + 14])
            for c in range(count):
                yield from walk(first + c, here)
        else:
            at, = struct.unpack(">I", b[e + 10:e + 14])
            length, = struct.unpack(">I", b[data + at:data + at + 4])
            blob = b[data + at + 4:data + at + 4 + length]
            yield here, zlib.decompress(blob[4:]) if flags & 1 else blob
    yield from walk(0, "")


def photos(rcc, out, train_per_class=10):
    files = sorted(rcc_files(rcc))
    notice = []
    for cls in PHOTO_CLASSES:
        images = [(p, d) for p, d in files if p.split("/")[-2] == cls and p.endswith(".webp")]
        for n, (p, d) in enumerate(images):
            folder = os.path.join(out, "photos-4", "train" if n < train_per_class else "test", cls)
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, os.path.basename(p)), "wb") as f:
                f.write(d)
        readme = [d for p, d in files if p.split("/")[-2] == cls and p.endswith("README")]
        notice.append("== %s ==\n%s" % (cls, readme[0].decode("utf-8") if readme else ""))
    with open(os.path.join(out, "photos-4", "CREDITS.txt"), "w") as f:
        f.write("Photographs from GCompris (gcompris-qt-data 3.1, categorization activity), "
                "with each file's author, source and licence:\n\n" + "\n".join(notice))


if __name__ == "__main__":
    fashion(sys.argv[1], sys.argv[3])
    photos(sys.argv[2], sys.argv[3])
