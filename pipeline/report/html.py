"""The HTML of the review site: the index of every case and one page per case."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..report_corrections import (
    correction_notes,
    esc,
    index_attributes,
    index_filter,
    paste_entries,
    read_provenance,
)
from .flags import review_rules
from .pages import box_style
from .sections import COLOURS, OTHER_COLOUR, SECTIONS, _is_value, section_of

POPULATION_BANDS = {
    "under_10k": (0, "1万人未満"),
    "10k_50k": (1, "1万人以上5万人未満"),
    "50k_100k": (2, "5万人以上10万人未満"),
    "100k_300k": (3, "10万人以上30万人未満"),
    "over_300k": (4, "30万人以上"),
    "prefecture": (5, "都道府県"),
}
COST_STATUS = {"amount": "金額", "none": "なし（0円）", "undisclosed": "非公表", "blank": "記載なし"}
TAX = {"excluded": "税抜", "included": "税込"}


def _link(url: str) -> str:
    """A link only for the schemes rules/review.json allows; any other URL (javascript:,
    data:, from a correction or a hostile PDF) is shown as text, never made clickable."""
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    if scheme in review_rules().link_schemes:
        return f'<a href="{esc(url)}" rel="noreferrer">{esc(url)}</a>'
    return f'<span class="url">{esc(url)}</span>'


def yen(v: int | None) -> str:
    return "" if v is None else f"{v:,}円"


def _null() -> str:
    return '<span class="null">— なし / null</span>'


def _text(v: object) -> str:
    if v is None or v == "":
        return _null()
    return esc(v).replace("\n", "<br>")


def _list(items: Sequence[object] | None, ordered: bool = True) -> str:
    if not items:
        return '<span class="null">— 空 / empty</span>'
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{_text(i)}</li>" for i in items) + f"</{tag}>"


def _kv(rows: list[tuple[str, str]], fields: dict[str, str] | None = None) -> str:
    """A key/value table; `fields` gives a row the provenance field of its value (data-field)."""
    fields = fields or {}
    return '<table class="kv">' + "".join(
        (f'<tr data-field="{esc(fields[k])}">' if k in fields else "<tr>") + f"<th>{esc(k)}</th><td>{v}</td></tr>"
        for k, v in rows) + "</table>"


def _cost_html(cost: dict[str, Any] | None) -> str:
    if cost is None:
        return _null()
    rows = []
    for kind, label in (("initial", "イニシャル / initial"), ("running", "ランニング（年）/ running")):
        it: dict[str, Any] = cost.get(kind) or {}
        status = it.get("status")
        amount = yen(it.get("amount_yen")) or f'<span class="null">{esc(COST_STATUS.get(status, status) if isinstance(status, str) else status)}</span>'
        bd = it.get("breakdown") or []
        bd_html = ("<ul>" + "".join(f'<li data-field="cost.{kind}.breakdown[{i}]">{_text(b.get("item"))}: {_text(b.get("text"))}'
                                    + (f" = {yen(b['amount_yen'])}" if b.get("amount_yen") is not None else "")
                                    + "</li>" for i, b in enumerate(bd)) + "</ul>") if bd else ""
        rows.append(
            f'<tr data-field="cost.{kind}"><th>{esc(label)}</th><td>{_text(it.get("text"))}</td><td>{amount}</td>'
            f"<td>{esc(status or '')}{' / ' + esc(TAX.get(str(it.get('tax')), '')) if it.get('tax') else ''}</td>"
            f"<td>{bd_html}{('備考: ' + _text(it.get('note'))) if it.get('note') else ''}</td></tr>")
    return ('<table class="grid"><tr><th></th><th>表記 text</th><th>円 yen</th><th>status / tax</th>'
            '<th>内訳・備考</th></tr>' + "".join(rows) + "</table>")


def _schedule_html(s: dict[str, Any] | None) -> str:
    if s is None:
        return _null()
    lead = _text(s.get("lead_time_text"))
    if s.get("lead_time_months") is not None:
        lead += f' <span class="muted">({s["lead_time_months"]:g} か月 / months)</span>'
    steps = s.get("steps") or []
    table = ""
    if steps:
        table = ('<table class="grid"><tr><th>when</th><th>start</th><th>end</th><th>what</th></tr>'
                 + "".join(f'<tr data-field="schedule.steps[{i}]"><td>{_text(st.get("when"))}</td><td>{_text(st.get("start"))}</td>'
                           f"<td>{_text(st.get('end'))}</td><td>{_text(st.get('what'))}</td></tr>" for i, st in enumerate(steps))
                 + "</table>")
    return _kv([("期間 lead time", lead)]) + table


def _interview_html(items: list[dict[str, Any]] | None) -> str:
    if not items:
        return '<span class="null">— 空 / empty</span>'
    out = ['<dl class="qa">']
    for i, qa in enumerate(items):
        topic = f' <span class="muted">[{esc(qa["topic"])}]</span>' if qa.get("topic") else ""
        out.append(f'<dt data-field="interview[{i}].q">Q{i + 1}. {_text(qa.get("q"))}{topic}</dt>'
                   f'<dd data-field="interview[{i}].a">{esc(qa.get("a") or "")}</dd>')
    out.append("</dl>")
    return "".join(out)


def _metrics_html(ms: list[dict[str, Any]] | None) -> str:
    if not ms:
        return ""
    rows = "".join(
        f"<tr><td>{esc(m.get('effect_seq'))}</td><td>{_text(m.get('span'))}</td><td>{esc(m.get('value'))}</td>"
        f"<td>{_text(m.get('unit'))}</td><td>{_text(m.get('direction'))}</td><td>{_text(m.get('subject'))}</td></tr>"
        for m in ms)
    return ('<details><summary>effect_metrics (' + str(len(ms)) + ')</summary><table class="grid">'
            "<tr><th>#</th><th>span</th><th>value</th><th>unit</th><th>direction</th><th>subject</th></tr>"
            + rows + "</table></details>")


def section_values(rec: dict[str, Any]) -> dict[str, str]:
    """HTML of the extracted values of each section."""
    d = rec.get("department")
    dept = _null() if d is None else _kv([
        ("name", _text(d.get("name"))), ("phone", _text(d.get("phone"))), ("email", _text(d.get("email"))),
        ("units", _text(" / ".join(d.get("units") or []) or None)),
    ], {k: f"department.{k}" for k in ("name", "phone", "email")})
    band = rec.get("population_band")
    return {
        "meta": _kv([
            ("case_id", esc(rec["case_id"])),
            ("巻 volume", esc(f"{rec.get('volume_no')}. {rec.get('volume')}")),
            ("領域 area", _text(rec.get("area"))),
            ("節 section", _text(f"{rec.get('section_no')}. {rec.get('section')}" if rec.get("section") else None)),
            ("小見出し subsection", _text(rec.get("subsection"))),
            ("人口区分 band", _text(f"{band}（{POPULATION_BANDS[band][1]}）" if band in POPULATION_BANDS else band)),
            ("ラベル labels", _text(", ".join(rec.get("labels") or []) or None)),
            ("New", "✔" if rec.get("is_new") else "—"),
            ("source", esc(f"{rec['source']['file']} p.{', '.join(str(p) for p in rec['source']['pages'])}")),
        ]),
        "title": _kv([
            ("番号 case_no", _text(rec.get("case_no"))), ("title", _text(rec.get("title"))),
            ("団体 organization", _text(rec.get("organization"))), ("prefecture", _text(rec.get("prefecture"))),
            ("municipality", _text(rec.get("municipality"))), ("org_type", _text(rec.get("org_type"))),
            ("lg_code", _text(rec.get("lg_code"))),
        ]),
        "point": _text(rec.get("point")),
        "overview": _list(rec.get("overview")),
        "effects": _list(rec.get("effects")) + _metrics_html(rec.get("effect_metrics")),
        "cost": _cost_html(rec.get("cost")),
        "schedule": _schedule_html(rec.get("schedule")),
        "providers": _kv([
            ("providers", _list(rec.get("providers"), ordered=False)),
            ("services", _list(rec.get("services"), ordered=False)),
            ("operation", _text(rec.get("operation"))),
            ("participants", _list(rec.get("participants"), ordered=False)),
        ]),
        "department": dept,
        "interview": _interview_html(rec.get("interview")),
        "reference": _kv([
            ("人口 population", _text(f"{rec['population']:,}" if rec.get("population") is not None else None)),
            ("as of", _text(rec.get("population_as_of"))),
            ("urls", "<ul>" + "".join(f"<li>{_link(u)}</li>" for u in rec.get("urls") or []) + "</ul>"
             if rec.get("urls") else _null()),
        ]),
    }


def _page(title: str, body: str, root: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
        # Without it a phone lays the page out 980 px wide and shrinks it (the page images to 12 px).
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n"
        f'<link rel="stylesheet" href="{root}assets/report.css">\n'
        f'<script src="{root}assets/report.js"></script>\n'
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


INDEX_COLUMNS = [
    # key, heading, type
    ("case_id", "ID", "text"),
    ("organization", "団体 organisation", "text"),
    ("population_band", "人口区分 population", "number"),
    ("volume", "巻 volume", "text"),
    ("title", "タイトル title", "text"),
    ("cost_initial_yen", "イニシャル initial (円)", "number"),
    ("cost_running_yen", "ランニング running (円/年)", "number"),
    ("lead_time_months", "期間 lead time (月)", "number"),
    ("flags", "要確認 review", "number"),
]


def _index_row(i: int, rec: dict[str, Any], flags: list[tuple[str, str]]) -> str:
    cost = rec.get("cost") or {}
    ini, run = cost.get("initial") or {}, cost.get("running") or {}
    sched = rec.get("schedule") or {}
    band = rec.get("population_band")

    def money(item: dict[str, Any]) -> tuple[str, str]:
        v = item.get("amount_yen")
        if v is not None:
            return str(v), f"{v:,}"
        st = item.get("status")
        return "", f'<span class="null">{esc(COST_STATUS.get(st, "—"))}</span>' if st else '<span class="null">—</span>'

    iv, it = money(ini)
    rv, rt = money(run)
    lm = sched.get("lead_time_months")
    cells = [
        ("case_id", rec["case_id"], f'<a href="cases/{esc(rec["case_id"])}.html">{esc(rec["case_id"])}</a>', ""),
        ("organization", rec.get("organization") or "", esc(rec.get("organization") or ""), ""),
        ("population_band", str(POPULATION_BANDS[band][0]) if band in POPULATION_BANDS else "",
         esc(POPULATION_BANDS[band][1]) if band in POPULATION_BANDS else '<span class="null">—</span>', ""),
        ("volume", f"{rec.get('volume_no')}", esc(rec.get("volume") or ""), ""),
        ("title", rec.get("title") or "", esc(rec.get("title") or ""), ""),
        ("cost_initial_yen", iv, it, "num"),
        ("cost_running_yen", rv, rt, "num"),
        ("lead_time_months", "" if lm is None else f"{lm:g}",
         esc(sched.get("lead_time_text") or "") if lm is not None or sched.get("lead_time_text") else '<span class="null">—</span>', "num"),
        ("flags", str(len(flags)), str(len(flags)) if flags else "", "num flags"),
    ]
    tds = "".join(f'<td data-key="{k}" data-value="{esc(v)}"' + (f' class="{c}"' if c else "") + f">{h}</td>"
                  for k, v, h, c in cells)
    title = "; ".join(m for _, m in flags)
    cls = ' class="has-flags"' if flags else ""
    return f'<tr data-index="{i}" data-case-id="{esc(rec["case_id"])}"{cls}{index_attributes(rec)} title="{esc(title)}">{tds}</tr>'


def index_html(records: list[dict[str, Any]], flags: dict[str, list[tuple[str, str]]]) -> str:
    head = "".join(f'<th data-key="{k}" data-type="{t}" scope="col">{esc(h)}</th>' for k, h, t in INDEX_COLUMNS)
    rows = "\n".join(_index_row(i, r, flags[r["case_id"]]) for i, r in enumerate(records))
    n_flagged = sum(1 for r in records if flags[r["case_id"]])
    files = sorted({r["source"]["file"] for r in records})
    body = (
        '<header class="top"><h1>抽出結果レビュー / Extraction review</h1>'
        f'<span class="sub">{len(records)} cases from {len(files)} PDF(s); {n_flagged} with points to review</span></header>\n'
        '<main>\n<div class="toolbar"><input id="filter" type="search" placeholder="絞り込み / filter">'
        f'{index_filter(records)}'
        f'<span class="muted"><span id="shown">{len(records)}</span> shown · click a header to sort</span></div>\n'
        f'<div class="tablewrap"><table class="cases" id="cases">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table></div>\n</main>'
    )
    return _page("抽出結果レビュー / Extraction review", body, "")


def case_html(rec: dict[str, Any], pages: list[tuple[int, dict[str, Any] | None]], flags: list[tuple[str, str]],
              prev_id: str | None, next_id: str | None) -> str:
    prov = read_provenance(rec)
    where: dict[str, list[int]] = {}
    for p in prov:
        where.setdefault(section_of(p["field"]), []).append(p["page"])
    # Page images with their boxes.
    figs = []
    for page, info in pages:
        boxes = []
        for n, p in enumerate(prov):
            if p["page"] != page or info is None:
                continue
            sec = section_of(p["field"])
            colour = COLOURS.get(sec, OTHER_COLOUR)
            boxes.append(
                f'<a class="box{" value" if _is_value(p["field"]) else ""}" id="box-{n}" href="#f-{esc(sec)}" '
                f'data-field="{esc(p["field"])}" data-section="{esc(sec)}" data-bbox="{",".join(f"{v:g}" for v in p["bbox"])}" '
                f'style="--c:{colour};{box_style(p["bbox"], info)}" title="{esc(p["field"])} (p.{page})">'
                f'<span class="tag">{esc(p["field"])}</span></a>')
        if info is None:
            img = f'<p class="null">ページ画像なし / page {page} not rendered (source PDF not found in raw)</p>'
        else:
            img = (f'<img class="page-img" src="../pages/{esc(info["file"])}" width="{info["w_px"]}" '
                   f'height="{info["h_px"]}" alt="{esc(rec["source"]["file"])} p.{page}">')
        figs.append(f'<figure class="page" id="page-{page}" data-page="{page}"><figcaption>{esc(rec["source"]["file"])} '
                    f'p.{page}</figcaption><div class="pagewrap"' + (f' data-w-pt="{info["w_pt"]:g}" data-h-pt="{info["h_pt"]:g}" data-dx="{info["dx"]:g}" data-dy="{info["dy"]:g}"' if info else "") + f'>{img}{"".join(boxes)}</div></figure>')
    # Values, section by section.
    vals = section_values(rec)
    by_sec: dict[str, list[str]] = {}
    for sec, msg in flags:
        by_sec.setdefault(sec, []).append(msg)
    out = []
    if flags:
        out.append('<div class="review" id="review"><h2>要確認 / to review (' + str(len(flags)) + ")</h2><ul>"
                   + "".join(f'<li><a href="#f-{esc(s)}">{esc(s)}</a>: {esc(m)}</li>' for s, m in flags) + "</ul></div>")
    else:
        out.append('<div class="review ok" id="review"><h2>要確認なし / nothing flagged</h2></div>')
    order: list[tuple[str, str, str | None]] = [("meta", "事例 / Case", None)] + [(k, h, c) for k, h, c in SECTIONS]
    if "other" in where:
        order.append(("other", "その他 / Other", OTHER_COLOUR))
    for key, heading, box_colour in order:
        notes = by_sec.get(key, [])
        cls = "field flag" if notes else "field"
        pages_txt = ", ".join(f"p.{p}" for p in sorted(set(where.get(key, []))))
        where_html = f'<span class="where">{esc(pages_txt)}</span>' if pages_txt else (
            '<span class="where">位置なし / no location</span>' if key != "meta" else "")
        style = f' style="--c:{box_colour}"' if box_colour else ""
        body = correction_notes(rec, key) + vals.get(key, "") + paste_entries(rec, key)
        if key == "other":
            body = _list(sorted({p["field"] for p in prov if section_of(p["field"]) == "other"}), ordered=False)
        out.append(f'<section class="{cls}" id="f-{key}" data-section="{key}"{style}><h2>{esc(heading)}{where_html}</h2>'
                   + "".join(f'<p class="flagnote">⚠ {esc(m)}</p>' for m in notes) + body + "</section>")
    general = by_sec.get("general", [])
    if general:
        out.insert(1, '<section class="field flag" id="f-general" data-section="general"><h2>全般 / General</h2>'
                   + "".join(f'<p class="flagnote">⚠ {esc(m)}</p>' for m in general) + "</section>")
    nav = ['<a href="../index.html">一覧 / index</a>']
    if prev_id:
        nav.append(f'<a href="{esc(prev_id)}.html" rel="prev">← {esc(prev_id)}</a>')
    if next_id:
        nav.append(f'<a href="{esc(next_id)}.html" rel="next">{esc(next_id)} →</a>')
    title = f'{rec["case_id"]} {rec.get("title") or ""}【{rec.get("organization") or ""}】'
    body = (
        f'<header class="top"><h1>{esc(title)}</h1><nav>{"".join(nav)}</nav></header>\n'
        f'<main class="case" data-case-id="{esc(rec["case_id"])}" data-boxes="{len(prov)}">\n'
        f'<div class="pages">{"".join(figs)}</div>\n<div class="values">{"".join(out)}</div>\n</main>'
    )
    return _page(title, body, "../")
