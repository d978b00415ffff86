"""How full each page of a PDF from pso/pdf.py is, read from the document itself."""

from __future__ import annotations

import re
import zlib

PAGE_H = 841.89  # A4, in points
MARGIN = 16 * 72 / 25.4  # the top and bottom margins of pso/pdf.py


def page_fills(pdf: bytes) -> list[float]:
    """Per page, 0..1: how far down the writable height its lowest line of text is. fpdf2
    writes one compressed content stream per page and places each line with ``BT x y Td``."""
    objects = dict(re.findall(rb"(\d+) 0 obj\n(.*?)\nendobj", pdf, re.S))
    kids = re.search(rb"/Kids \[(.*?)\]", pdf, re.S)
    assert kids is not None
    fills = []
    for page in re.findall(rb"(\d+) 0 R", kids.group(1)):
        contents = re.search(rb"/Contents (\d+) 0 R", objects[page])
        assert contents is not None
        stream = objects[contents.group(1)]
        start, end = stream.index(b"stream\n") + len(b"stream\n"), stream.rindex(b"\nendstream")
        data = zlib.decompress(stream[start:end])
        lowest = min(float(y) for y in re.findall(rb"BT [\d.]+ ([\d.]+) Td", data))
        fills.append((PAGE_H - MARGIN - lowest) / (PAGE_H - 2 * MARGIN))
    return fills
