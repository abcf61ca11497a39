#!/usr/bin/env python3
"""Draws eng/icon.png, the packages' icon (128x128): a search path stepping down to its best point.

Pure Python (zlib only), so it runs anywhere; 4x4 supersampling for smooth edges. Run it again after editing.
"""
import math
import struct
import zlib
from pathlib import Path

SIZE, SS = 128, 4
BACKGROUND = (23, 63, 95)
PATH = (122, 184, 230)
BEST = (244, 162, 54)
# The path of a search: random jumps first, then small mutations descending to the best point.
POINTS = [(24, 30), (58, 22), (40, 56), (74, 48), (64, 76), (90, 70), (84, 98), (104, 100)]


def inside_rounded_square(x, y, radius=22):
    cx = min(max(x, radius), SIZE - radius)
    cy = min(max(y, radius), SIZE - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def distance_to_segment(px, py, a, b):
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def colour_at(x, y):
    if not inside_rounded_square(x, y):
        return None
    best = POINTS[-1]
    if math.hypot(x - best[0], y - best[1]) <= 11:
        return BEST
    if any(math.hypot(x - px, y - py) <= 6 for px, py in POINTS[:-1]):
        return PATH
    if any(distance_to_segment(x, y, a, b) <= 2.2 for a, b in zip(POINTS, POINTS[1:])):
        return PATH
    return BACKGROUND


def main():
    rows = []
    for y in range(SIZE):
        row = bytearray([0])
        for x in range(SIZE):
            r = g = b = a = 0
            for sy in range(SS):
                for sx in range(SS):
                    c = colour_at(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS)
                    if c is not None:
                        r, g, b, a = r + c[0], g + c[1], b + c[2], a + 1
            n = SS * SS
            row += bytes([r // a, g // a, b // a, 255 * a // n] if a else [0, 0, 0, 0])
        rows.append(bytes(row))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
    Path(__file__).with_name("icon.png").write_bytes(png)


if __name__ == "__main__":
    main()
