"""English texts are written in the code: copy each source text into the English catalogue."""

from __future__ import annotations

import sys

from babel.messages.pofile import read_po, write_po


def fill(path: str) -> int:
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale="en")
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):  # plural: (singular, plural) forms
            if all(message.string):
                continue
            message.string = (message.id[0], message.id[1])
        elif message.string:
            continue
        else:
            message.string = message.id
        filled += 1
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False)
    return filled


if __name__ == "__main__":
    print(f"{fill(sys.argv[1])} English texts filled from the source")
