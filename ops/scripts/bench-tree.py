#!/usr/bin/env python3
"""Generates the mixed tree the bench scripts measure on.

    ops/scripts/bench-tree.py ROOT SIZE_MIB

One third CSV rows (text, events.csv), one third random bytes (waveforms.bin), one third many small files
(1 to 64 KiB, half text, half random, 500 to a directory under small/). The text parts are seeded, so a given
size always yields the same text; the random parts come from os.urandom. ROOT is created if missing.
"""
import os
import random
import sys


def generate(root, size_mib):
    third = size_mib // 3
    os.makedirs(os.path.join(root, "small"), exist_ok=True)
    rnd = random.Random(7)
    # text-like: CSV rows
    with open(os.path.join(root, "events.csv"), "w") as f:
        t = 0; written = 0; target = third << 20
        while written < target:
            rows = []
            for _ in range(10000):
                t += rnd.randint(1, 5000)
                rows.append(f"{t},{rnd.randint(0,63)},{800+rnd.randint(0,399)},0\n")
            chunk = "".join(rows); f.write(chunk); written += len(chunk)
    # binary: random
    with open(os.path.join(root, "waveforms.bin"), "wb") as f:
        for _ in range(third): f.write(os.urandom(1 << 20))
    # many small files: mixed
    n = 0; written = 0; target = third << 20
    while written < target:
        d = os.path.join(root, "small", f"d{n // 500:04d}"); os.makedirs(d, exist_ok=True)
        size = rnd.randint(1, 64) << 10
        data = (f"record {n} " * (size // 12 + 1)).encode()[:size // 2] + os.urandom(size - size // 2)
        with open(os.path.join(d, f"f{n:06d}.dat"), "wb") as f: f.write(data)
        n += 1; written += size


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: bench-tree.py ROOT SIZE_MIB")
    generate(sys.argv[1], int(sys.argv[2]))
