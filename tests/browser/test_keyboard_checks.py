"""The keyboard journeys' checks catch what they are for: a page made to fail each one."""

from __future__ import annotations

import pytest

from tests.browser.keyboard import Keyboard

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html lang="en"><title>Checks</title><body style="margin:0">
<style>a, button { outline: none } .ring:focus { outline: 3px solid #fd0 }
.small { width: 12px; height: 12px; padding: 0 } .link { display: inline-block; padding: 10px }
</style>
<div id="bar" style="position:fixed;top:0;left:0;right:0;height:60px;background:#fff">Bar</div>
<p style="margin-top:10px"><a class="ring link" href="#x">Under the bar</a></p>
<p style="margin-top:100px">
<button class="ring small">a</button><button class="ring small">b</button>
<button style="width:60px;height:40px">No ring</button></p>
</body></html>"""


def test_a_focused_element_under_a_fixed_bar_is_caught(phone) -> None:
    phone.set_content(PAGE)
    with pytest.raises(AssertionError, match="covered by div#bar"):
        Keyboard(phone, strict=True).tab()


def test_small_targets_side_by_side_are_caught(phone) -> None:
    phone.set_content(PAGE.replace('<div id="bar"', '<div id="bar" hidden'))
    keyboard = Keyboard(phone, strict=True)
    keyboard.tab()
    with pytest.raises(AssertionError, match="target size: .*12.0 x 12.0 px and too close"):
        keyboard.tab()


def test_focus_that_does_not_show_is_caught(phone) -> None:
    phone.set_content(PAGE.replace('<div id="bar"', '<div id="bar" hidden'))
    keyboard = Keyboard(phone)  # not strict: only whether focus shows
    for _ in range(3):
        keyboard.tab()
    with pytest.raises(AssertionError, match="nothing shows the focus"):
        keyboard.tab()
