"""Reads a page's form the way a browser would submit it, so load users can save forms
without knowing their fields: every input's value, the checked boxes and radios, each
textarea's text and each select's chosen option, with the CSRF token and lock version."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, action_contains: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action_contains = action_contains
        self.in_form = False
        self.done = False
        self.fields: list[tuple[str, str]] = []
        self.action = ""
        self._textarea: str | None = None
        self._text = ""
        self._select: str | None = None
        self._select_first: str | None = None
        self._selected = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if (
            tag == "form"
            and not self.done
            and a.get("method", "get").lower() == "post"
            and self.action_contains in a.get("action", "")
        ):
            self.in_form, self.action = True, a.get("action", "")
        if not self.in_form:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button"):
                self.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], ""
        elif tag == "select" and a.get("name"):
            self._select, self._select_first, self._selected = a["name"], None, False
        elif tag == "option" and self._select is not None:
            if self._select_first is None:
                self._select_first = a.get("value", "")
            if "selected" in a:
                self.fields.append((self._select, a.get("value", "")))
                self._selected = True

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._text.lstrip("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if not self._selected and self._select_first is not None:
                self.fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True


def read_form(html: str, action_contains: str = "") -> tuple[str, list[tuple[str, str]]]:
    """The first POST form whose action contains the text (any, when empty): (action,
    fields). A form with no action posts back to its own page: the action is then ""."""
    reader = _FormReader(action_contains)
    reader.feed(html)
    if not reader.done and not reader.in_form:
        raise LookupError(f"no form with an action containing {action_contains!r}")
    return reader.action, reader.fields


def replaced(fields: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    return [(name, values.get(name, value)) for name, value in fields]
