"""`--format badge`: an SVG badge for a README, coloured by grade."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from dxscan.report.badge import BADGE_COLOURS, badge, text_width
from tests.conftest import FIXTURES

SVG = "{http://www.w3.org/2000/svg}"


def test_badge_from_the_cli_is_svg_with_score_and_grade(cli, scan_json):
    card = scan_json(FIXTURES / "bookshop.yaml")
    code, out, _ = cli("scan", str(FIXTURES / "bookshop.yaml"), "--format", "badge")
    assert code == 0
    root = ET.fromstring(out)
    assert root.tag == f"{SVG}svg" and root.get("height") == "20"
    value = f"{card['score']} {card['grade']}"
    assert root.get("aria-label") == f"DX: {value}"
    assert root.find(f"{SVG}title").text == f"DX: {value}"
    assert [t.text for t in root.iter(f"{SVG}text")] == ["DX", "DX", value, value]
    assert f'fill="{BADGE_COLOURS[card["grade"]]}"' in out


@pytest.mark.parametrize(("grade", "colour"), sorted(BADGE_COLOURS.items()))
def test_colour_follows_grade(grade, colour):
    assert f'fill="{colour}"' in badge("DX", f"50 {grade}", grade)


def test_width_grows_with_text_and_parts_add_up():
    root = ET.fromstring(badge("DX", "100 A", "A"))
    label, value = [r for r in root.iter(f"{SVG}rect") if r.get("fill", "").startswith("#") and r.get("fill") != "#fff"]
    assert int(root.get("width")) == int(label.get("width")) + int(value.get("width"))
    assert text_width("100 A") > text_width("9 A")


def test_badge_escapes_text():
    assert "<b>" not in badge("<b>", "1 & 2", "n/a") and "&lt;b&gt;" in badge("<b>", "1 & 2", "n/a")
