"""`dxscan history -f html`: one self-contained page (inline CSS, SVG and script, nothing fetched).

A line chart of the overall score and each dimension over time (x is the commit date), with a
marker at every tag and at the biggest moves (hover shows the explanation, click pins it in the
panel below), the breaking changes of each version as bars under it, the summary, what moved and
the table of versions. The script adds the legend's toggles, the hover cursor and the pinned
explanation; `?move=N` pins move N and `?hide=a,b` hides series when the page opens.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from dxscan.catalogue import DIMENSIONS
from dxscan.history import History, Version
from dxscan.report.history_rows import SERIES, SHORT, ends, number, series

WIDTH, LEFT, RIGHT = 1000, 44, 16
TOP, PLOT_H, GAP, BARS_H, AXIS_H = 16, 300, 22, 70, 24
HEIGHT = TOP + PLOT_H + GAP + BARS_H + AXIS_H
COLOURS = {"overall": "#111827", "versioning": "#2563eb", "auth": "#d97706", "rate_limits": "#dc2626", "naming": "#7c3aed",
           "documentation": "#059669", "abstraction": "#db2777"}


def e(value: Any) -> str:
    return escape(str(value), quote=True)


def render(result: History) -> str:
    title = f"DX history: {result.title or result.path}"
    body = [_hero(result), _chart(result), _moves(result), _table(result), _footer(result)]
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
            f"<title>{e(title)}</title><style>{CSS}</style></head><body><main>\n" + "\n".join(body)
            + f"\n</main><script>{SCRIPT}</script></body></html>\n")


def _hero(result: History) -> str:
    notes = "".join(f'<p class="note">{e(note)}</p>' for note in result.notes)
    return (f'<header><h1>{e(result.title or result.path)}: developer experience over time</h1>'
            f'<p class="selection">{e(result.path)} · {e(result.selection)}</p>'
            f'<p id="summary" class="summary">{e(result.summary)}</p>{notes}</header>')


# --- the chart ---------------------------------------------------------------------------------

class _Scale:
    """Commit time to x; score to y; breaking changes to bar height."""

    def __init__(self, result: History):
        times = [version.commit.timestamp for version in result.versions]
        self.start, self.end = min(times), max(times)
        self.most_breaking = max([v.compared.breaking for v in result.versions if v.compared] + [1])

    def x(self, version: Version) -> float:
        span = self.end - self.start
        fraction = 0.5 if not span else (version.commit.timestamp - self.start) / span
        return round(LEFT + fraction * (WIDTH - LEFT - RIGHT), 1)

    @staticmethod
    def y(score: float) -> float:
        return round(TOP + PLOT_H * (1 - score / 100), 1)

    def bar(self, breaking: int) -> float:
        return round(BARS_H * breaking / self.most_breaking, 1)


def _chart(result: History) -> str:
    if not result.versions:
        return '<p class="empty">No versions to chart.</p>'
    scale = _Scale(result)
    parts = [(f'<svg id="history-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="overall and dimension scores over time, breaking changes as bars">')]
    parts += _grid(result, scale) + _tags(result, scale) + _bars(result, scale)
    parts += [_line(result, name, scale) for name in reversed(SERIES)]
    parts += _markers(result, scale)
    parts.append(f'<line id="cursor" x1="0" x2="0" y1="{TOP}" y2="{TOP + PLOT_H + GAP + BARS_H}" visibility="hidden"/>')
    parts.append("</svg>")
    data = json.dumps(_points(result, scale), ensure_ascii=False).replace("</", "<\\/")
    return (f'<section class="chart"><div class="legend" id="legend">{_legend(result)}</div>{"".join(parts)}'
            f'<div id="tooltip" hidden></div><div id="explain" class="explain">'
            f'<p class="hint">Hover over a marker to see what moved; click to keep it here.</p></div>'
            f'<script type="application/json" id="history-data">{data}</script></section>')


def _grid(result: History, scale: _Scale) -> list[str]:
    parts = []
    for score in range(0, 101, 20):
        y = scale.y(score)
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}"/>'
                     f'<text class="axis" x="{LEFT - 6}" y="{y + 4}" text-anchor="end">{score}</text>')
    base = TOP + PLOT_H + GAP + BARS_H
    parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}"/>'
                 f'<text class="axis" x="{LEFT - 6}" y="{base - BARS_H + 10}" text-anchor="end">{scale.most_breaking}</text>'
                 f'<text class="axis" x="{LEFT}" y="{base - BARS_H - 6}">breaking changes per version</text>')
    parts += _years(result, scale, base)
    return parts


def _years(result: History, scale: _Scale, base: float) -> list[str]:
    """A tick at the first version of each year (or of each month, for a short history)."""
    span_days = (scale.end - scale.start) / 86400
    width = 4 if span_days > 500 else 7
    seen, parts = set(), []
    for version in result.versions:
        label = version.commit.date[:width]
        if label in seen:
            continue
        seen.add(label)
        x = scale.x(version)
        parts.append(f'<text class="axis" x="{x}" y="{base + 16}" text-anchor="middle">{e(label)}</text>')
    return parts


def _tags(result: History, scale: _Scale) -> list[str]:
    parts = []
    for version in result.versions:
        if version.commit.tags:
            x, name = scale.x(version), " ".join(version.commit.tags)
            parts.append(f'<g class="tag"><line x1="{x}" x2="{x}" y1="{TOP}" y2="{TOP + PLOT_H}"/>'
                         f'<text x="{x + 3}" y="{TOP + 10}">{e(name)}</text><title>{e(name)}: {e(version.commit.sha[:7])}</title></g>')
    return parts


def _bars(result: History, scale: _Scale) -> list[str]:
    base = TOP + PLOT_H + GAP + BARS_H
    parts = []
    for version in result.versions:
        breaking = version.compared.breaking if version.compared else 0
        if breaking:
            height = scale.bar(breaking)
            parts.append(f'<rect class="breaking" x="{scale.x(version) - 1.5}" y="{base - height}" width="3" height="{height}">'
                         f'<title>{e(version.commit.date[:10])} {e(version.commit.sha[:7])}: {breaking} breaking</title></rect>')
    return parts


def _line(result: History, name: str, scale: _Scale) -> str:
    """The series as one path, broken where a version could not be scored."""
    commands, pen_down = [], False
    for version, score in zip(result.versions, series(result, name), strict=True):
        if score is None:
            pen_down = False
            continue
        commands.append(f"{'L' if pen_down else 'M'}{scale.x(version)} {scale.y(score)}")
        pen_down = True
    width = 3 if name == "overall" else 1.6
    return (f'<path class="series" data-series="{name}" d="{" ".join(commands)}" fill="none" stroke="{COLOURS[name]}" '
            f'stroke-width="{width}" stroke-linejoin="round"/>')


def _markers(result: History, scale: _Scale) -> list[str]:
    parts = []
    for index, move in enumerate(result.moves):
        version = result.versions[move.version]
        explanation = f"{move.headline()} ({move.before} → {move.after}) on {version.commit.date[:10]} {version.commit.sha[:7]}"
        parts.append(f'<circle class="move" data-move="{index}" data-series="{move.name}" cx="{scale.x(version)}" '
                     f'cy="{scale.y(move.after)}" r="6" stroke="{COLOURS[move.name]}">'
                     f'<title>{e(explanation)}: {e("; ".join(move.reasons))}</title></circle>')
    return parts


def _legend(result: History) -> str:
    items = []
    for name in SERIES:
        first, last = ends(series(result, name))
        items.append(f'<label data-series="{name}"><input type="checkbox" checked hidden>'
                     f'<span class="swatch" style="background:{COLOURS[name]}"></span>{e(name)} '
                     f'<span class="range">{number(first)} → {number(last)}</span></label>')
    return "".join(items)


def _points(result: History, scale: _Scale) -> dict[str, Any]:
    """What the script needs: each version's x and scores, and each move's explanation."""
    versions = [{"x": scale.x(v), "date": v.commit.date[:10], "commit": v.commit.sha[:7], "tags": list(v.commit.tags),
                 "scores": {name: value for name, value in zip(SERIES, [v.scored.score, *(v.scored.dimension(d) for d in DIMENSIONS)],
                                                               strict=True)},
                 "breaking": v.compared.breaking if v.compared else None, "error": v.scored.error} for v in result.versions]
    moves = [{"title": f"{move.headline()} ({move.before} → {move.after})", "date": result.versions[move.version].commit.date[:10],
              "commit": result.versions[move.version].commit.sha[:7], "reasons": list(move.reasons)} for move in result.moves]
    return {"versions": versions, "moves": moves}


# --- what moved, the table -------------------------------------------------------------------

def _moves(result: History) -> str:
    if not result.moves:
        return ""
    items = []
    for index, move in enumerate(result.moves):
        commit = result.versions[move.version].commit
        reasons = "".join(f"<li>{e(reason)}</li>" for reason in move.reasons)
        items.append(f'<li id="move-{index}"><b>{e(move.headline())}</b> ({move.before} → {move.after}) on {e(commit.date[:10])} '
                     f'<code>{e(commit.sha[:7])}</code> {e(" ".join(commit.tags))}<ul>{reasons}</ul></li>')
    return f'<section><h2>What moved</h2><ol class="moves">{"".join(items)}</ol></section>'


def _table(result: History) -> str:
    head = "".join(f"<th>{e(SHORT[name])}</th>" for name in DIMENSIONS)
    rows = "".join(_row(version) for version in reversed(result.versions))
    return (f'<section><h2>Every version <small>(newest first)</small></h2><div class="scroll"><table id="versions-table">'
            f'<thead><tr><th>date</th><th>commit</th><th>tag</th><th>DX</th>{head}<th>ops</th><th>breaking</th>'
            f'<th>regressions</th></tr></thead><tbody>{rows}</tbody></table></div></section>')


def _row(version: Version) -> str:
    commit, scored, compared = version.commit, version.scored, version.compared
    start = (f'<tr data-commit="{e(commit.sha)}"><td>{e(commit.date[:10])}</td><td><code title="{e(commit.subject)}">'
             f'{e(commit.sha[:7])}</code></td><td>{e(" ".join(commit.tags))}</td>')
    if scored.error is not None:
        return start + f'<td class="error" colspan="{len(DIMENSIONS) + 4}">not scored: {e(scored.error)}</td></tr>'
    cells = [f"{number(scored.score)} {scored.grade}", *(number(scored.dimension(name)) for name in DIMENSIONS),
             str(scored.operations), number(compared and compared.breaking), number(compared and compared.regressions)]
    return start + "".join(f"<td>{e(cell)}</td>" for cell in cells) + "</tr>"


def _footer(result: History) -> str:
    return f'<footer>dxscan {e(result.tool_version)} · {len(result.versions)} versions</footer>'


CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#111827;background:#f9fafb;margin:0}
main{max-width:1060px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.selection{color:#6b7280;margin:0 0 10px}.summary{font-size:15px;background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px 14px}
.note{color:#92400e;background:#fffbeb;border:1px solid #fde68a;border-radius:6px;padding:6px 10px}
.chart{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px;position:relative}
svg{width:100%;height:auto;display:block}
.grid{stroke:#e5e7eb;stroke-width:1}.axis{fill:#6b7280;font-size:11px}
.tag line{stroke:#9ca3af;stroke-dasharray:3 3}.tag text{fill:#6b7280;font-size:10px}
.breaking{fill:#dc2626;opacity:.75}
.move{fill:#fff;stroke-width:2.5;cursor:pointer}.move:hover,.move.pinned{fill:#fde047}
#cursor{stroke:#9ca3af;stroke-width:1}
.legend{display:flex;flex-wrap:wrap;gap:6px 14px;margin:0 0 6px}
.legend label{cursor:pointer;user-select:none;display:flex;align-items:center;gap:5px}
.legend label.off{opacity:.35}.swatch{width:14px;height:4px;border-radius:2px;display:inline-block}
.range{color:#6b7280;font-size:12px}
#tooltip{position:absolute;pointer-events:none;background:#111827;color:#fff;font-size:12px;padding:6px 8px;border-radius:6px;max-width:280px}
.explain{border-top:1px solid #e5e7eb;margin-top:8px;padding-top:8px;min-height:40px}.hint{color:#6b7280;margin:0}
.moves li{margin:0 0 6px}.moves ul{color:#374151;margin:2px 0}
.scroll{max-height:520px;overflow:auto;border:1px solid #e5e7eb;border-radius:8px;background:#fff}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{padding:3px 8px;text-align:right;border-bottom:1px solid #f3f4f6}
th{position:sticky;top:0;background:#f3f4f6}td:nth-child(-n+3),th:nth-child(-n+3){text-align:left}td.error{color:#b91c1c;text-align:left}
footer{color:#9ca3af;margin:24px 0 0;font-size:12px}
"""

SCRIPT = """
(function(){
var data=JSON.parse(document.getElementById('history-data').textContent);
var svg=document.getElementById('history-chart'),tip=document.getElementById('tooltip'),panel=document.getElementById('explain');
var cursor=document.getElementById('cursor');
function esc(t){var d=document.createElement('span');d.textContent=t;return d.innerHTML;}
function explain(i){var m=data.moves[i];return '<b>'+esc(m.title)+'</b> on '+esc(m.date)+' <code>'+esc(m.commit)+'</code><ul>'+
  m.reasons.map(function(r){return '<li>'+esc(r)+'</li>';}).join('')+'</ul>';}
function pin(i){svg.querySelectorAll('.move').forEach(function(c){c.classList.toggle('pinned',c.dataset.move==String(i));});
  panel.innerHTML=explain(i);panel.dataset.move=i;}
function toggle(name,on){svg.querySelectorAll('[data-series="'+name+'"]').forEach(function(n){n.style.display=on?'':'none';});
  var label=document.querySelector('#legend label[data-series="'+name+'"]');label.classList.toggle('off',!on);label.querySelector('input').checked=on;}
document.querySelectorAll('#legend label').forEach(function(label){label.querySelector('input').hidden=false;
  label.addEventListener('click',function(ev){ev.preventDefault();toggle(label.dataset.series,label.classList.contains('off'));});});
svg.querySelectorAll('.move').forEach(function(c){c.addEventListener('click',function(){pin(Number(c.dataset.move));});});
function point(ev){var r=svg.getBoundingClientRect();var x=(ev.clientX-r.left)*svg.viewBox.baseVal.width/r.width;var best=null;
  data.versions.forEach(function(v){if(best===null||Math.abs(v.x-x)<Math.abs(best.x-x))best=v;});return best;}
svg.addEventListener('mousemove',function(ev){var v=point(ev);if(!v)return;cursor.setAttribute('x1',v.x);cursor.setAttribute('x2',v.x);
  cursor.setAttribute('visibility','visible');var s=v.error?'not scored: '+v.error:Object.keys(v.scores).map(function(k){
  return k+' '+(v.scores[k]===null?'-':v.scores[k]);}).join(' · ');var m=ev.target.classList.contains('move')?
  '<br>'+explain(Number(ev.target.dataset.move)):'';
  tip.innerHTML='<b>'+esc(v.date)+'</b> '+esc(v.commit)+(v.tags.length?' '+esc(v.tags.join(' ')):'')+'<br>'+esc(s)+
  (v.breaking?'<br>'+v.breaking+' breaking':'')+m;tip.hidden=false;var box=panel.parentNode.getBoundingClientRect();
  tip.style.left=Math.min(ev.clientX-box.left+12,box.width-290)+'px';tip.style.top=(ev.clientY-box.top+12)+'px';});
svg.addEventListener('mouseleave',function(){tip.hidden=true;cursor.setAttribute('visibility','hidden');});
var query=new URLSearchParams(location.search);
(query.get('hide')||'').split(',').filter(Boolean).forEach(function(name){toggle(name,false);});
if(query.has('move')&&data.moves[Number(query.get('move'))])pin(Number(query.get('move')));
document.body.dataset.ready='yes';
})();
"""
