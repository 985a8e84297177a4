"""What a reviewer should look at in a record: its warnings, values outside their usual
range (rules/review.json), sections that came out empty."""
from __future__ import annotations

from typing import Any

from .. import settings
from ..issues import IssueCode
from ..settings import ReviewRules
from ..tables import line_status
from .sections import record_warnings


def review_rules() -> ReviewRules:
    return settings.review()


def review_flags(rec: dict[str, Any]) -> list[tuple[str, str]]:
    """(section, message) for what a reviewer should look at in a record: the pipeline's
    warnings (every fallback and weak decision leaves one), values outside their usual
    range (rules/review.json), and sections a case has that came out empty. What is
    normal is not flagged: most cases of volumes 1 and 2 have no cost block."""
    flags: list[tuple[str, str]] = []
    warned = record_warnings(rec)
    for section, text in warned:
        flags.append((section, f"警告 / warning: {text}"))
    # A section the record says was not found is flagged by that issue already.
    not_found = {i.get("section") for i in rec.get("issues") or [] if i.get("code") == IssueCode.SECTION_NOT_FOUND}
    for key, ja in (("overview", "事業の概要"), ("effects", "事業効果"), ("interview", "インタビュー")):
        if not rec.get(key) and key not in not_found:
            flags.append((key, f"{ja}が空 / {key} is empty"))
    flags += _cost_flags(rec.get("cost"))
    flags += _range_flags(rec)
    if not rec.get("population_band"):
        flags.append(("meta", "人口区分なし / population_band is null"))
    if rec.get("population") is None:  # every case prints one in 【参考情報】
        flags.append(("reference", "人口なし / population is null"))
    return flags


def _cost_flags(cost: dict[str, Any] | None) -> list[tuple[str, str]]:
    if cost is None:
        return []
    rules, out = review_rules(), []
    lo, hi = rules.cost_yen.min, rules.cost_yen.max
    for kind, ja in (("initial", "イニシャルコスト"), ("running", "ランニングコスト")):
        item = cost.get(kind) or {}
        if item.get("status") == "blank":
            out.append(("cost", f"{ja}の記載なし / {kind} cost blank in a cost block"))
        if item.get("status") == "amount" and item.get("amount_yen") is None:
            out.append(("cost", f"{ja} {item.get('text')!r}: 金額を読めない / amount not read"))
        for b in item.get("breakdown") or []:
            if b.get("amount_yen") is None and line_status(b.get("text"), None) not in ("blank", "undisclosed"):
                out.append(("cost", f"{ja} 内訳 {b.get('item')} {b.get('text')!r}: 金額を読めない / amount not read"))
        amounts = [("", item)] if item.get("status") == "amount" and item.get("amount_yen") is not None else []
        amounts += [(f" ({b.get('item')})", b) for b in item.get("breakdown") or [] if b.get("amount_yen")]
        for label, a in amounts:
            v = a["amount_yen"]
            if not lo <= v <= hi:
                out.append(("cost", f"{ja}{label} {v:,}円: 通常の範囲外 / outside the usual range {lo:,}–{hi:,} yen"))
        lines = [b.get("amount_yen") for b in item.get("breakdown") or []]
        total = item.get("amount_yen")
        if total and lines and all(v is not None for v in lines):
            if abs(sum(lines) - total) > rules.breakdown_share * total:
                out.append(("cost", f"{ja}: 内訳の合計 {sum(lines):,}円 ≠ 合計 {total:,}円 / breakdown lines do not add up"))
    return out


def _range_flags(rec: dict[str, Any]) -> list[tuple[str, str]]:
    rules, out = review_rules(), []
    months = (rec.get("schedule") or {}).get("lead_time_months")
    lo, hi = rules.lead_time_months.min, rules.lead_time_months.max
    if months is not None and not lo <= months <= hi:
        out.append(("schedule", f"期間 {months:g} か月: 通常の範囲外 / lead time outside {lo:g}–{hi:g} months"))
    pop, band = rec.get("population"), rec.get("population_band")
    bounds = rules.population_bands.get(band) if band else None
    if pop is not None and bounds is not None:
        slack = rules.population_slack
        low, high = bounds
        if (low is not None and pop < low * (1 - slack)) or (high is not None and pop >= high * (1 + slack)):
            out.append(("reference", f"人口 {pop:,} が人口区分 {band} の範囲外 / population outside its band"))
    return out
