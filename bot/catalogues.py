"""Compiled gettext catalogues for aiogram's I18n, made from the shipped ``.po`` files.

``catalogue_dir()`` returns a folder holding ``<locale>/LC_MESSAGES/messages.mo`` for every
catalogue, compiling each ``.mo`` that is missing or older than its ``.po`` with Babel's public
API (``read_po``, ``write_mo``): beside the ``.po`` when that folder is writable, else in a cache
folder named after the catalogues' content. Files are written under a temporary name and renamed,
so processes starting together never read half a file. ``python -m bot.i18n`` compiles ahead
of time (the Docker build does).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

DOMAIN = "messages"
Locale = Literal["nl", "en"]
LOCALES: tuple[Locale, ...] = ("nl", "en")  # the catalogues the bot cannot start without


class CatalogueError(Exception):
    """A catalogue is missing or unreadable, or no folder can take the compiled files."""


def shipped_dir() -> Path:
    """The folder of the ``.po`` files installed with the bot (the ``locales`` package)."""
    try:
        import locales
    except ImportError as error:
        raise CatalogueError(f"translation catalogues are not installed: {error}") from error
    return Path(locales.__file__).resolve().parent


def default_cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tredebot" / "catalogues"


def catalogue_dir(
    required: Iterable[str], *, source: Path | None = None, cache_root: Path | None = None
) -> Path:
    """A folder with a fresh ``.mo`` for every ``.po`` in ``source``; every locale in
    ``required`` must have one. Raises CatalogueError, whose message names the file or folder."""
    source = shipped_dir() if source is None else source
    for locale in required:
        po = _po_path(source, locale)
        if not po.is_file():
            raise CatalogueError(f"translation catalogue missing: {po}")
    catalogues = sorted(source.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    try:
        _compile_stale(catalogues, source)
        return source
    except OSError:
        pass  # a read-only install: compile into the cache instead
    target = (cache_root or default_cache_root()) / _digest(catalogues)
    try:
        _compile_stale(catalogues, target)
    except OSError as error:
        raise CatalogueError(
            f"cannot write compiled translation catalogues to {source} or {target}: "
            f"{error.strerror or error}"
        ) from error
    return target


def _po_path(folder: Path, locale: str) -> Path:
    return folder / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def _compile_stale(catalogues: list[Path], target: Path) -> None:
    for po in catalogues:
        locale = po.parent.parent.name
        mo = target / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if mo.is_file() and mo.stat().st_mtime_ns >= po.stat().st_mtime_ns:
            continue
        catalog = _read(po, locale)
        mo.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=mo.parent, prefix=f".{DOMAIN}-", suffix=".mo")
        try:
            with os.fdopen(handle, "wb") as out:
                write_mo(out, catalog)
            os.replace(temporary, mo)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _read(po: Path, locale: str) -> Catalog:
    try:
        with po.open("rb") as handle:
            return read_po(handle, locale=locale, domain=DOMAIN)
    except (PoFileError, ValueError) as error:
        raise CatalogueError(f"translation catalogue unreadable: {po}: {error}") from error


def _digest(catalogues: list[Path]) -> str:
    digest = hashlib.sha256()
    for po in catalogues:
        digest.update(po.parent.parent.name.encode() + b"\0" + po.read_bytes() + b"\0")
    return digest.hexdigest()[:16]
