"""Generate the compact tables the local Bot API stand-in validates against.

Reads Telegram's scraped spec (``bot-api.json``) and the collected error responses and writes

* ``standin/methods.json``: ``{method: {param: {"types": [...], "required": bool}}}``
* ``standin/errors.json``: ``{file stem: error response}``

Both are committed so the stand-in needs nothing outside the package at run time.
Usage: ``python scripts/gen_standin_methods.py [--telegram-dir /work/shared/telegram]``.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

log = logging.getLogger("gen_standin_methods")

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "standin"
DEFAULT_TELEGRAM_DIR = Path("/work/shared/telegram")


def build_methods(spec: dict) -> dict[str, dict[str, dict]]:
    table: dict[str, dict[str, dict]] = {}
    for name in sorted(spec["methods"]):
        fields = spec["methods"][name].get("fields", [])
        table[name] = {
            f["name"]: {"types": list(f["types"]), "required": bool(f["required"])} for f in fields
        }
    return table


def build_errors(errors_dir: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text()) for p in sorted(errors_dir.glob("*.json"))}


def write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    log.info("wrote %s", path.relative_to(ROOT))


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--telegram-dir", type=Path, default=DEFAULT_TELEGRAM_DIR)
    args = parser.parse_args()
    spec = json.loads((args.telegram_dir / "bot-api.json").read_text())
    methods = build_methods(spec)
    write_json(OUT_DIR / "methods.json", methods)
    write_json(OUT_DIR / "errors.json", build_errors(args.telegram_dir / "errors"))


if __name__ == "__main__":
    main()
