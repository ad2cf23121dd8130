"""Where a scheme's translations are kept, and the scheme as the reader sees it.

Translations are files, one per scheme version and language, named
``<scheme>-<version>.<language>.yaml``. `flask ras load-translation` checks one and keeps
it in the instance folder's ``ras-translations`` (or ``RAS_TRANSLATIONS_DIR``); the demo
scheme's translations ship beside it in ``portal/ras/schemes``. The scheme file and the
database rows are never touched.
"""

from __future__ import annotations

import shutil
from functools import lru_cache
from pathlib import Path

from flask import current_app
from markupsafe import Markup, escape

from local_offer import languages

from .models import RasScheme, _parsed
from .scheme import Scheme
from .translation import LocalText, Translation, file_name, localise, read_translation

SHIPPED = Path(__file__).resolve().parent / "schemes"


def translations_dir() -> Path:
    configured = current_app.config.get("RAS_TRANSLATIONS_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "ras-translations"


def _find(scheme_key: str, version: str, language: str) -> Path | None:
    name = file_name(scheme_key, version, language)
    for folder in (translations_dir(), SHIPPED):
        if (folder / name).is_file():
            return folder / name
    return None


@lru_cache(maxsize=64)
def _read(path: Path, _modified: int, scheme_content: str) -> Translation | None:
    try:
        return read_translation(path.read_text(encoding="utf-8"), _parsed(scheme_content))
    except (OSError, UnicodeDecodeError, ValueError):
        # A file broken after it was checked: the reader gets English rather than an error.
        current_app.logger.warning("RAS translation %s cannot be read; showing English", path)
        return None


def translation_for(scheme: RasScheme, language: str) -> Translation | None:
    path = _find(scheme.scheme_key, scheme.version, language)
    if path is None:
        return None
    return _read(path, path.stat().st_mtime_ns, scheme.content)


def shown(scheme: RasScheme) -> Scheme:
    """The scheme in the reader's language, English (marked) where it has no translation."""
    language = languages.current()
    if language.code == languages.DEFAULT.code:
        return localise(scheme.parsed, None, english=True)
    return localise(scheme.parsed, translation_for(scheme, language.code), english=False)


def save_translation(scheme: RasScheme, content: str) -> Translation:
    """Check a translation file against its scheme version and keep it; SchemeError if not."""
    translation = read_translation(content, scheme.parsed)
    folder = translations_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / file_name(scheme.scheme_key, scheme.version, translation.language)
    partial = target.with_suffix(".partial")
    partial.write_text(content, encoding="utf-8")
    shutil.move(partial, target)
    return translation


def local(text: object) -> Markup:
    """Words for a page: English standing in for a translation is marked lang="en"."""
    lang = getattr(text, "lang", None)
    if isinstance(text, LocalText) and lang:
        # English inside a right-to-left page keeps its own direction.
        return Markup('<span lang="{}" dir="ltr">{}</span>').format(lang, text)
    return escape(text)
