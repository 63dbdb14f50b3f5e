#!/usr/bin/env python3
"""The peer of `unfreeze bench data`'s decode-camera figure: JPEG files to normalised 224 x 224 tensors
with Pillow, as an expert would write it for speed on a CPU: `draft` lets libjpeg decode at 1/2, 1/4 or
1/8 of the size when the target is that much smaller (scaling the inverse DCT), then a bilinear
(antialiased) resize, one process per core.

usage: python3 bench/decode_peer.py FOLDER [--size 224] [--processes N]
Prints "decode-camera images-per-second", as `unfreeze bench data` does.
"""
import argparse, os, time
from multiprocessing import Pool

import numpy as np
from PIL import Image

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)
SIZE = 224


def to_tensor(path):
    with Image.open(path) as im:
        im.draft("RGB", (SIZE, SIZE))
        im = im.convert("RGB").resize((SIZE, SIZE), Image.BILINEAR)
    x = (np.asarray(im, dtype=np.float32) / 255.0 - MEAN) / STD
    return np.ascontiguousarray(x.transpose(2, 0, 1))


def init(size):
    global SIZE
    SIZE = size


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--processes", type=int, default=os.cpu_count())
    args = parser.parse_args()
    files = sorted(os.path.join(args.folder, f) for f in os.listdir(args.folder) if f.lower().endswith((".jpg", ".jpeg")))
    with Pool(args.processes, initializer=init, initargs=(args.size,)) as pool:
        pool.map(to_tensor, files[:args.processes])  # warm-up: the processes started, the codec loaded
        start = time.perf_counter()
        for x in pool.imap(to_tensor, files, chunksize=1):
            assert x.shape == (3, args.size, args.size)
        seconds = time.perf_counter() - start
    print("decode-camera %.1f" % (len(files) / seconds), flush=True)


if __name__ == "__main__":
    main()
