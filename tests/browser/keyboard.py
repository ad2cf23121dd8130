"""Keyboard-only journeys: what a Tab stop must show and where it must be.

`Keyboard` presses keys and checks each element Tab reaches:

- focus is visible: while focused it has an outline or a box-shadow, and that look goes
  when the focus moves on (WCAG 2.4.7, 2.4.11);
- with `strict`, it is not hidden: on the screen (all of it, or at least 24 px each way of
  a tall one the browser scrolled only partly into view) and not covered by anything else,
  so document.elementFromPoint at the centre of what shows is the element, something in
  it, or its label (WCAG 2.4.11 Focus Not Obscured);
- with `strict`, it is a big enough target: 24 x 24 CSS px, or small with room around it,
  or a link in a sentence (WCAG 2.5.8).
"""

from __future__ import annotations

from collections.abc import Callable

# WCAG 2.5.8 Target Size (Minimum). A target passes if it is at least 24 x 24 CSS px, or:
# - Inline: it is an inline link in a block that has text of its own (a sentence), or
# - Spacing: a 24 px circle centred on it meets no other target and no other small
#   target's circle.
# Native checkboxes and radios are measured like anything else: GOV.UK Frontend sizes the
# invisible input to cover the box drawn for it.
TARGET_SIZE_JS = """
(only) => {
  const SELECTOR = 'a[href], button, input:not([type="hidden"]), select, textarea, summary,'
    + ' [tabindex]:not([tabindex="-1"])';
  const hiddenByClip = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.clipPath === 'inset(50%)' || style.clip === 'rect(0px, 0px, 0px, 0px)') {
        return true;
      }
    }
    return false;
  };
  const rendered = (el) => {
    if (el.getAttribute('tabindex') === '-1') return false;  // not a target for anyone
    const style = getComputedStyle(el);
    if (style.visibility !== 'visible' || style.display === 'none') return false;
    const rect = el.getBoundingClientRect();
    if (!rect.width || !rect.height) return false;
    if (rect.right + window.scrollX <= 0 || rect.bottom + window.scrollY <= 0) return false;
    return !hiddenByClip(el);
  };
  const describe = (el) => {
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || el.id || '')
      .trim().replace(/\\s+/g, ' ').slice(0, 50);
    return `${el.tagName.toLowerCase()} "${text}"`;
  };
  const blockAncestor = (el) => {
    let node = el.parentElement;
    while (node && ['inline', 'contents'].includes(getComputedStyle(node).display)) {
      node = node.parentElement;
    }
    return node;
  };
  // Text of the block that is not inside a target: a sentence the link sits in.
  const ownText = (block) => {
    let text = '';
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement.closest(SELECTOR)) text += node.textContent;
    }
    return text.replace(/[\\s()]+/g, '');
  };
  const inSentence = (el) => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    const block = blockAncestor(el);
    return block !== null && ownText(block).length > 0;
  };
  const page = (rect) => ({
    left: rect.left + window.scrollX, right: rect.right + window.scrollX,
    top: rect.top + window.scrollY, bottom: rect.bottom + window.scrollY,
  });

  const targets = [...document.querySelectorAll(SELECTOR)].filter(rendered).map((el) => {
    const box = page(el.getBoundingClientRect());
    const lines = [...el.getClientRects()].filter((r) => r.width && r.height);
    const height = Math.min(...lines.map((r) => r.height));
    const width = box.right - box.left;
    return {
      el, box, width, height,
      centre: {x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2},
      small: width < 23.95 || height < 23.95,
      inMain: el.closest('main') !== null,
    };
  });
  const small = targets.filter((t) => t.small);
  const distanceToBox = (point, box) => {
    const dx = Math.max(box.left - point.x, 0, point.x - box.right);
    const dy = Math.max(box.top - point.y, 0, point.y - box.bottom);
    return Math.hypot(dx, dy);
  };
  const contains = (a, b) => a.el.contains(b.el) || b.el.contains(a.el);
  const problems = [];
  for (const target of small) {
    if (only && target.el !== only) continue;
    if ((!only && !target.inMain) || inSentence(target.el)) continue;
    const crowding = [];
    for (const other of targets) {
      if (other === target || contains(other, target)) continue;
      if (distanceToBox(target.centre, other.box) < 12) crowding.push(other);
      else if (other.small
          && Math.hypot(target.centre.x - other.centre.x, target.centre.y - other.centre.y) < 24) {
        crowding.push(other);
      }
    }
    if (crowding.length) {
      problems.push(`${describe(target.el)} is ${target.width.toFixed(1)} x `
        + `${target.height.toFixed(1)} px and too close to `
        + crowding.slice(0, 3).map((o) => describe(o.el)).join(', '));
    }
  }
  return problems;
}
"""


# What shows focus on an element: its outline and box-shadow, or for GOV.UK Frontend's
# checkboxes and radios, whose input is invisible, those of the box drawn by its label.
LOOK_JS = """
(el) => {
  const visible = (colour) => colour && colour !== 'transparent'
    && !/rgba\\(.*,\\s*0\\)$/.test(colour);
  const ring = (style) => {
    const parts = [];
    if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
        && visible(style.outlineColor)) {
      parts.push(`outline ${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`);
    }
    if (style.boxShadow && style.boxShadow !== 'none') parts.push(`box-shadow ${style.boxShadow}`);
    return parts;
  };
  let parts = ring(getComputedStyle(el));
  if (el.matches('input[type=checkbox], input[type=radio]') && el.labels.length) {
    parts = parts.concat(ring(getComputedStyle(el.labels[0], '::before')).map((p) => 'box ' + p));
  }
  return parts.join('; ');
}
"""

FOCUSED_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {tag: 'body'};
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    type: el.getAttribute('type'),
    name: el.getAttribute('name'),
    value: el.value === undefined ? null : el.value,
    text: (el.innerText || el.value || '').trim().replace(/\\s+/g, ' '),
    label: el.labels && el.labels.length ? el.labels[0].innerText.trim() : null,
    inResults: el.closest('#results') !== null,
    checked: el.checked === true,
    width: rect.width,
    height: rect.height,
    clip: style.clip,
    clipPath: style.clipPath,
  };
}
"""


# Where the focused element is, and what is on top of it at its centre.
PLACE_JS = """
(el) => {
  const rect = el.getBoundingClientRect();
  // The part on the screen. Chrome scrolls a focused element only until it shows, so a tall
  // textarea can end below the fold: enough of it must show (all of it, or 24 px each way).
  const seen = (r) => ({
    left: Math.max(r.left, 0), top: Math.max(r.top, 0),
    right: Math.min(r.right, window.innerWidth), bottom: Math.min(r.bottom, window.innerHeight),
  });
  const box = seen(rect);
  const enough = (shown, whole) => shown >= Math.min(whole, 24) - 0.5;
  const inside = rect.width > 0 && rect.height > 0
    && enough(box.right - box.left, rect.width) && enough(box.bottom - box.top, rect.height);
  const ownHit = (hit) => hit !== null && (hit === el || el.contains(hit)
    || [...(el.labels || [])].some((label) => label.contains(hit)));
  // A link that wraps has a box per line: the centre of what shows of each must be the
  // element's own, not something drawn over it.
  const lines = [...el.getClientRects()].map(seen)
    .filter((r) => r.right > r.left && r.bottom > r.top);
  const covered = lines.map((r) => document.elementFromPoint((r.left + r.right) / 2,
    (r.top + r.bottom) / 2)).filter((hit) => !ownHit(hit));
  const describe = (node) => node ? node.tagName.toLowerCase()
    + (node.id ? '#' + node.id : '') + (node.className ? '.' + node.className : '') : 'nothing';
  return {
    inside, own: lines.length > 0 && covered.length === 0,
    on_top: covered.map(describe).join(', '),
    box: [rect.left, rect.top, rect.width, rect.height].map((n) => Math.round(n)),
    viewport: [window.innerWidth, window.innerHeight],
  };
}
"""


class Keyboard:
    """Presses keys and checks that whatever has focus shows it: while it has focus it has
    an outline or a box-shadow, and that look goes when the focus moves on."""

    def __init__(self, page, strict: bool = False) -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.strict = strict
        self.last: tuple[object, str, dict[str, object]] | None = None
        self.reached: list[dict[str, object]] = []

    def focused(self) -> dict[str, object]:
        return self.page.evaluate(FOCUSED_JS)  # type: ignore[no-any-return]

    def tab(self, key: str = "Tab") -> dict[str, object]:
        """Moves the focus with Tab (or Shift+Tab, or an arrow key in a radio group)."""
        self.page.keyboard.press(key)
        focused = self.focused()
        assert focused["tag"] != "body", (
            f"{key} left the page; it had reached: {[f['text'] for f in self.reached[-30:]]}"
        )
        handle = self.page.evaluate_handle("() => document.activeElement")
        look = self.page.evaluate(LOOK_JS, handle)
        assert look, f"nothing shows the focus on {focused}"
        if self.last is not None:
            before, before_look, before_focused = self.last
            after = self.page.evaluate(LOOK_JS, before)
            assert after != before_look, (
                f"{before_focused} looks the same with focus as without: {before_look}"
            )
        self.last = (handle, look, focused)
        if self.strict:
            self.check_place(handle, focused)
        self.reached.append(focused)
        return focused

    def check_place(self, handle, focused: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
        place = self.page.evaluate(PLACE_JS, handle)
        assert place["inside"], f"{focused} is focused outside the screen: {place}"
        assert place["own"], f"{focused} is covered by {place['on_top']}: {place}"
        too_small = self.page.evaluate(TARGET_SIZE_JS, handle)
        assert not too_small, f"target size: {too_small}"

    def tab_to(self, wanted: Callable[[dict[str, object]], bool], what: str) -> dict[str, object]:
        for _ in range(80):
            focused = self.tab()
            if wanted(focused):
                return focused
        raise AssertionError(f"80 presses of Tab did not reach {what}")

    def back_to(self, wanted: Callable[[dict[str, object]], bool], what: str) -> dict[str, object]:
        """Shift+Tab until `wanted`: the way back must work as well as the way forward."""
        for _ in range(80):
            focused = self.tab("Shift+Tab")
            if wanted(focused):
                return focused
        raise AssertionError(f"80 presses of Shift+Tab did not reach {what}")

    def press(self, key: str, navigates: bool = False) -> None:
        if navigates:
            with self.page.expect_navigation():
                self.page.keyboard.press(key)
            self.last = None  # the page, and the element last focused, have gone
        else:
            self.page.keyboard.press(key)
