"""The message catalogue matches the code, and every shipped language is complete."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "translations" / "messages.pot"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")


def extract_to(path: Path) -> None:
    subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            *EXTRACT_ARGS,
            "-o",
            str(path),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


EXTRACT_ARGS = [
    "-F",
    "babel.cfg",
    "-k",
    "_l",
    "-k",
    "lazy_gettext",
    "-k",
    "lazy_ngettext:1,2",
    "-k",
    "lazy_pgettext:1c,2",
    "--no-location",
    "--sort-output",
    "--omit-header",
]


def message_ids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {str(message.id) for message in read_po(handle) if message.id}


def test_the_message_catalogue_is_up_to_date_with_the_code(tmp_path) -> None:
    fresh = tmp_path / "messages.pot"
    extract_to(fresh)
    missing = message_ids(fresh) - message_ids(TEMPLATE)
    stale = message_ids(TEMPLATE) - message_ids(fresh)
    assert not missing and not stale, (
        "translations/messages.pot is out of date; run `make messages`.\n"
        f"New strings: {sorted(missing)[:10]}\nRemoved strings: {sorted(stale)[:10]}"
    )


SHIPPED = sorted(ROOT.glob("translations/*/LC_MESSAGES/messages.po"))


@pytest.mark.parametrize("catalogue", SHIPPED, ids=lambda path: path.parts[-3])
def test_every_shipped_language_is_complete_with_matching_placeholders(catalogue) -> None:
    with catalogue.open("rb") as handle:
        messages = [message for message in read_po(handle) if message.id]
    assert message_ids(catalogue) == message_ids(TEMPLATE), "run `make messages` to update it"
    for message in messages:
        assert not message.fuzzy, f"fuzzy: {message.id!r}"
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated: {message.id!r}"
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for translated in strings:
            assert set(PLACEHOLDER.findall(translated)) == expected, (
                f"placeholders differ: {message.id!r}"
            )
