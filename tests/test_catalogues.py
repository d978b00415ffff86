"""Catalogues as an installed bot meets them: compiled when missing or stale, a read-only install
falls back to a cache folder, and a missing catalogue stops `tredebot run` with one line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from aiogram.utils.i18n import I18n

from bot.catalogues import DOMAIN, CatalogueError, catalogue_dir

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ("nl", "en")


def shipped_copy(folder: Path) -> Path:
    """The .po files as an install ships them: no compiled .mo beside them."""
    source = folder / "locales"
    for locale in LOCALES:
        po = Path("LC_MESSAGES") / f"{DOMAIN}.po"
        (source / locale / po).parent.mkdir(parents=True)
        shutil.copy(ROOT / "locales" / locale / po, source / locale / po)
    return source


def dutch(folder: Path, text: str) -> str:
    return I18n(path=folder, default_locale="nl", domain=DOMAIN).gettext(text, locale="nl")


def mo_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob(f"{DOMAIN}.mo"))


def make_unwritable(folder: Path) -> None:
    """Like a read-only site-packages. Root writes through permission bits, so then a directory
    stands where each compiled file would go and writing it fails all the same."""
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(0o555)
    if os.geteuid() == 0:
        for po in folder.rglob(f"{DOMAIN}.po"):
            po.parent.chmod(0o755)
            (po.parent / f"{DOMAIN}.mo" / "in-the-way").mkdir(parents=True)


def test_missing_mo_files_are_compiled_beside_the_catalogues(tmp_path: Path) -> None:
    source = shipped_copy(tmp_path)
    folder = catalogue_dir(LOCALES, source=source, cache_root=tmp_path / "cache")
    assert folder == source
    assert [p.relative_to(source).parts[0] for p in mo_files(source)] == ["en", "nl"]
    assert dutch(folder, "▶️ Start the scan") == "▶️ Start de scan"
    assert not (tmp_path / "cache").exists()


def test_a_catalogue_edited_after_compiling_is_compiled_again(tmp_path: Path) -> None:
    source = shipped_copy(tmp_path)
    catalogue_dir(LOCALES, source=source, cache_root=tmp_path / "cache")
    po = source / "nl" / "LC_MESSAGES" / f"{DOMAIN}.po"
    po.write_text(po.read_text().replace('"▶️ Start de scan"', '"▶️ Begin maar"'))
    mo = po.with_suffix(".mo")
    os.utime(po, ns=(mo.stat().st_mtime_ns + 10**9,) * 2)
    folder = catalogue_dir(LOCALES, source=source, cache_root=tmp_path / "cache")
    assert dutch(folder, "▶️ Start the scan") == "▶️ Begin maar"


def test_a_read_only_install_compiles_into_the_cache(tmp_path: Path) -> None:
    source = shipped_copy(tmp_path)
    make_unwritable(source)
    folder = catalogue_dir(LOCALES, source=source, cache_root=tmp_path / "cache")
    assert folder.is_relative_to(tmp_path / "cache")
    assert dutch(folder, "▶️ Start the scan") == "▶️ Start de scan"
    assert not [p for p in mo_files(source) if p.is_file()]
    # the next start finds the cached files and compiles nothing
    before = [p.stat().st_mtime_ns for p in mo_files(folder)]
    assert catalogue_dir(LOCALES, source=source, cache_root=tmp_path / "cache") == folder
    assert [p.stat().st_mtime_ns for p in mo_files(folder)] == before


def test_a_read_only_install_compiled_ahead_is_used_as_it_is(tmp_path: Path) -> None:
    source = shipped_copy(tmp_path)
    catalogue_dir(LOCALES, source=source, cache_root=tmp_path / "cache")  # the Docker build
    for path in [source, *source.rglob("*")]:
        if path.is_dir():
            path.chmod(0o555)
    assert catalogue_dir(LOCALES, source=source, cache_root=tmp_path / "cache") == source
    assert not (tmp_path / "cache").exists()


def test_a_missing_catalogue_is_named(tmp_path: Path) -> None:
    source = shipped_copy(tmp_path)
    (source / "en" / "LC_MESSAGES" / f"{DOMAIN}.po").unlink()
    with pytest.raises(CatalogueError, match=r"missing: .*en/LC_MESSAGES/messages\.po$"):
        catalogue_dir(LOCALES, source=source, cache_root=tmp_path / "cache")


def test_run_with_a_catalogue_missing_stops_with_one_line(tmp_path: Path) -> None:
    """An install whose English catalogue went missing: `locales` here comes first on the path."""
    shipped_copy(tmp_path)
    (tmp_path / "locales" / "__init__.py").write_text("")
    (tmp_path / "locales" / "en" / "LC_MESSAGES" / f"{DOMAIN}.po").unlink()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "WEBHOOK_"))}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={
            **clean,
            "BOT_TOKEN": "1:x",
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
            "TELEGRAM_API_URL": "http://127.0.0.1:9",
        },
        timeout=60,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert done.stderr.startswith("tredebot: translation catalogue missing: ")
    assert str(tmp_path / "locales" / "en" / "LC_MESSAGES" / "messages.po") in done.stderr
    assert not (tmp_path / "bot.db").exists()  # stopped before anything else
