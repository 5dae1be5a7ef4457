#!/usr/bin/env python3
"""Draws the app's home-screen icons (public/icons/icon-192.png, icon-512.png): a white house
with a tick on the theme colour, inside the safe zone of a maskable icon. Standard library only."""
import struct, zlib, sys, os

THEME = (0x0f, 0x5b, 0x4f)
WHITE = (0xff, 0xff, 0xff)

def inside(x, y):
    """The house, in a unit square centred at (0.5, 0.5), kept within the central 60 %."""
    # roof: triangle with apex (0.5, 0.22), base from (0.2, 0.48) to (0.8, 0.48)
    if 0.22 <= y <= 0.48:
        half = (y - 0.22) / 0.26 * 0.30
        if abs(x - 0.5) <= half:
            return True
    # body
    if 0.27 <= x <= 0.73 and 0.47 <= y <= 0.78:
        # a tick cut out of the body
        def near(ax, ay, bx, by, w=0.035):
            dx, dy = bx - ax, by - ay
            t = max(0, min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
            px, py = ax + t * dx, ay + t * dy
            return (x - px) ** 2 + (y - py) ** 2 <= w * w
        if near(0.38, 0.62, 0.47, 0.71) or near(0.47, 0.71, 0.63, 0.54):
            return False
        return True
    return False

def png(size):
    rows = []
    for j in range(size):
        row = bytearray([0])
        for i in range(size):
            # 4x supersampling for smooth edges
            hits = sum(inside((i + (a + 0.5) / 4) / size, (j + (b + 0.5) / 4) / size) for a in range(4) for b in range(4))
            f = hits / 16
            row += bytes(round(THEME[k] * (1 - f) + WHITE[k] * f) for k in range(3))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")

out = sys.argv[1] if len(sys.argv) > 1 else "public/icons"
os.makedirs(out, exist_ok=True)
for size in (192, 512):
    with open(f"{out}/icon-{size}.png", "wb") as f:
        f.write(png(size))
