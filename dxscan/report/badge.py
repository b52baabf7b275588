"""A README badge, `DX | 87 B`, in the flat style of shields.io, coloured by grade. Plain SVG with
its own title (screen readers, hover); no fonts or images fetched."""

from __future__ import annotations

from html import escape

from dxscan.portfolio.scan import Portfolio
from dxscan.report.view import score_text
from dxscan.results import Report

BADGE_COLOURS = {"A": "#2e9f3f", "B": "#7aa21c", "C": "#c9a100", "D": "#e0701c", "F": "#d0392b", "n/a": "#9f9f9f"}
LABEL_COLOUR = "#555"
# Advance widths of Verdana at 11px (what shields.io measures with), rounded up to tenths.
_WIDTHS = {" ": 3.9, "/": 4.7, "·": 4.4, "-": 4.7, ".": 4.0}
_DIGIT, _UPPER, _LOWER = 7.0, 7.6, 6.3
_PADDING = 10


def render(report: Report) -> str:
    card = report.scorecard
    return badge("DX", f"{score_text(card.score)} {card.grade}" if card.score is not None else "n/a", card.grade)


def render_portfolio(portfolio: Portfolio) -> str:
    value = f"{score_text(portfolio.score)} {portfolio.grade}" if portfolio.score is not None else "n/a"
    return badge(f"DX · {len(portfolio.scanned)} APIs", value, portfolio.grade)


def badge(label: str, value: str, grade: str) -> str:
    label_width = round(text_width(label) + _PADDING)
    value_width = round(text_width(value) + _PADDING)
    width = label_width + value_width
    colour = BADGE_COLOURS.get(grade, BADGE_COLOURS["n/a"])
    title = escape(f"{label}: {value}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" aria-label="{title}">'
        f"<title>{title}</title>"
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/>'
        '<stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{label_width}" height="20" fill="{LABEL_COLOUR}"/>'
        f'<rect x="{label_width}" width="{value_width}" height="20" fill="{colour}"/>'
        f'<rect width="{width}" height="20" fill="url(#s)"/></g>'
        '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">'
        f"{_text(label, label_width / 2)}{_text(value, label_width + value_width / 2)}</g></svg>\n"
    )


def _text(text: str, centre: float) -> str:
    shown = escape(text)
    return (f'<text x="{centre:g}" y="15" fill="#010101" fill-opacity=".3">{shown}</text>'
            f'<text x="{centre:g}" y="14">{shown}</text>')


def text_width(text: str) -> float:
    return sum(_WIDTHS.get(c, _DIGIT if c.isdigit() else _UPPER if c.isupper() else _LOWER) for c in text)
