#!/usr/bin/env python3
"""PNG checks for the e2e scripts, without any imaging library.

  png.py stats FILE        width, height and the share of pixels not near white
  png.py diff A B          the share of pixels that differ by more than 48 in a channel
"""
import struct
import sys
import zlib


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("%s: not a PNG" % path)
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    if depth != 8 or ctype not in (2, 6) or interlace:
        sys.exit("%s: only 8-bit RGB/RGBA, not interlaced" % path)
    bpp = 3 if ctype == 2 else 4
    raw, stride = zlib.decompress(idat), w * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        ft, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if ft == 1:
                line[x] = (line[x] + a) & 255
            elif ft == 2:
                line[x] = (line[x] + b) & 255
            elif ft == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def main():
    if sys.argv[1] == "stats":
        w, h, bpp, rows = read(sys.argv[2])
        ink = sum(1 for r in rows for x in range(0, w * bpp, bpp) if min(r[x:x + 3]) < 200)
        print(w, h, "%.4f" % (ink / float(w * h)))
    else:
        wa, ha, ba, ra = read(sys.argv[2])
        wb, hb, bb, rb = read(sys.argv[3])
        if (wa, ha) != (wb, hb):
            print("1.0000")
            return
        diff = 0
        for y in range(ha):
            for x in range(wa):
                pa, pb = ra[y][x * ba:x * ba + 3], rb[y][x * bb:x * bb + 3]
                if max(abs(pa[k] - pb[k]) for k in range(3)) > 48:
                    diff += 1
        print("%.4f" % (diff / float(wa * ha)))


main()
