"""The load test reads forms the way a browser submits them (bench/forms.py)."""

from __future__ import annotations

from bench.forms import read_form, replaced

PAGE = """
<form method="get" action="/services"><input name="q" value="swim"></form>
<form method="post" novalidate>
  <input type="hidden" name="csrf_token" value="abc">
  <input type="hidden" name="lock_version" value="3">
  <input name="quantity" value="2">
  <input type="radio" name="frequency" value="week" checked>
  <input type="radio" name="frequency" value="month">
  <input type="checkbox" name="outcomes" value="7" checked>
  <input type="checkbox" name="outcomes" value="8">
  <textarea name="notes">
Two helpers</textarea>
  <select name="unit">
    <option value="hour">Hour</option><option value="day" selected>Day</option>
  </select>
  <select name="stream"><option value="social-care">Social care</option></select>
  <button type="submit" name="then" value="send">Send</button>
</form>
"""


def test_the_first_post_form_is_read_as_a_browser_would_send_it() -> None:
    action, fields = read_form(PAGE)

    assert action == ""
    assert fields == [
        ("csrf_token", "abc"),
        ("lock_version", "3"),
        ("quantity", "2"),
        ("frequency", "week"),
        ("outcomes", "7"),
        ("notes", "Two helpers"),
        ("unit", "day"),
        ("stream", "social-care"),
    ]
    assert ("quantity", "5") in replaced(fields, quantity="5")
