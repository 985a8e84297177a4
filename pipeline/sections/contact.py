"""担当部署 (the labelled box, or the 【担当部署】 line closing the interview) and
【参考情報】 population."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, TypeVar

from .. import settings
from ..layout import Line
from ..normalize import NormalizeError, normalize_email, normalize_phone, parse_japanese_date, parse_population
from ..ruleset import is_nothing, layout_rules, squash

EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+\s*[@＠]\s*[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
# A character of an address: a label followed by one (mail@city.jp) is part of the address.
EMAIL_CHAR = re.compile(r"[A-Za-z0-9._%+\-@＠]")
# The area code may stand in brackets of its own ((0868)54-2985), as (54) may.
PHONE = re.compile(r"(?:[(（]\s*[0-9０-９]{2,5}\s*[)）]|[0-9０-９]{2,5}\s*[-‐－−ー–(（])\s*[0-9０-９]{1,4}\s*[-‐－−ー–)）]\s*[0-9０-９]{3,4}")


@dataclass
class DepartmentInfo:
    name: str | None
    phone: str | None
    email: str | None


_T = TypeVar("_T")


def _safe(fn: Callable[[str], _T], text: str) -> _T | None:
    try:
        return fn(text)
    except NormalizeError:
        return None


def _read(fn: Callable[[str], _T], text: str, what: str, notes: list[str] | None) -> _T | None:
    """fn(text), or None with a note: a value printed that the normalizer refuses is left
    empty, and the record says so (the field is not silently missing)."""
    try:
        return fn(text)
    except NormalizeError as exc:
        if notes is not None:
            notes.append(f"{what} {text.strip()!r} printed but not read: {exc}")
        return None


def _spaced(word: str) -> str:
    """A rules word as printed, with room for a space between its characters (万 人)."""
    return r"\s*".join(re.escape(ch) for ch in word)


def _alt(words: list[str]) -> str:
    return "|".join(_spaced(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=None)
def _population_re() -> re.Pattern[str]:
    """人口：[約]figure unit[（date suffix）]: the units (人 … 百万人), the approximation
    words and the date suffixes (現在, 時点 …) are those of the normalizer
    (rules/normalize.json), so a unit or suffix it reads is never cut off here."""
    rules = settings.normalize()
    return re.compile(rf"人口\s*[:：]?\s*(?:{_alt(rules.approx_prefixes)})?\s*([0-9０-９.,，．]+\s*(?:{_alt(list(rules.population_units))}))"
                      rf"\s*[（(]?([^）)]*?(?:{_alt(rules.date_suffixes)}))?")


def parse_population_line(texts: list[str], notes: list[str] | None = None) -> tuple[int | None, dt.date | None]:
    """The population of 【参考情報】 and the date it is counted at; a figure or date printed
    that does not parse is left None with a note in `notes`."""
    for t in texts:
        if "参考情報" not in t and "人口" not in t:
            continue
        m = _population_re().search(t)
        if m:
            pop = _read(parse_population, m.group(1), "population", notes)
            as_of = _read(parse_japanese_date, m.group(2), "population date", notes) if m.group(2) else None
            return pop, as_of
    return None, None


def _department(name: str | None, contact: str, notes: list[str] | None = None) -> DepartmentInfo:
    name = name.strip(" 、,，・/／") if name else None
    phone = PHONE.search(contact)
    email = EMAIL.search(contact)
    if phone is None and notes is not None:
        # A phone label printed with no number found after it: the phone is left null,
        # and the record says a phone was printed but not read.
        label = next((w for kind, w in _box_labels() if kind == "phone" and w in contact), None)
        if label is not None:
            rest = contact[contact.index(label) + len(label):].lstrip(" \u3000:：").split("、")[0].strip()
            if rest and not is_nothing(rest):
                notes.append(f"phone {rest!r} printed but not read: not a phone number")
    return DepartmentInfo(
        name=None if not name or is_nothing(name) or _undisclosed(name) else name,
        phone=_read(normalize_phone, phone.group(0), "phone", notes) if phone else None,
        email=_read(normalize_email, email.group(0), "email", notes) if email else None,
    )


def parse_department_line(texts: list[str], notes: list[str] | None = None) -> list[DepartmentInfo]:
    """`【担当部署】 name（電話：…、メール：…）` at the end of the interview; several
    departments follow one another, each with its own bracket of contacts."""
    rules = layout_rules()["interview"]
    marks = rules["department"]
    for k, t in enumerate(texts):
        s = t.strip()
        mark = next((m for m in marks if s.startswith(m)), None)
        if not mark:
            continue
        groups = _contact_groups(s[len(mark):].strip())
        # Further departments may follow one a line, each with its bracket of contacts.
        for more in texts[k + 1:]:
            m = more.strip()
            if m.startswith(tuple(rules["reference"] + rules["urls"] + marks)) or not any(c for _, c in _contact_groups(m)):
                break
            groups += _contact_groups(m)
        return [_department(name, contact, notes) for name, contact in _join_nameless(groups)]
    return []


def _join_nameless(groups: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A bracket of contacts with no name before it (name（電話：…）（メール：…）) holds
    the rest of the department before it, as long as it adds a kind of contact that one
    lacks; a second phone or address stays a department of its own (its name not printed)."""
    out: list[tuple[str, str]] = []
    for name, contact in groups:
        if out and contact and not name.strip(" 、,，・/／"):
            prev_name, prev_contact = out[-1]
            if not any(p.search(prev_contact) and p.search(contact) for p in (PHONE, EMAIL)):
                out[-1] = (prev_name, prev_contact + "、" + contact)
                continue
        out.append((name, contact))
    return out


def _contact_groups(text: str) -> list[tuple[str, str]]:
    """(name, contacts) pairs: a bracket that opens with a contact label closes a
    department (brackets inside it, an extension, are kept); text after the last one
    is a department printed without contacts."""
    out: list[tuple[str, str]] = []
    start = i = 0
    while i < len(text):
        if text[i] in "（(" and _contact_label().match(text, i + 1):
            depth, j = 0, i
            while j < len(text):
                depth += text[j] in "（("
                depth -= text[j] in "）)"
                if depth == 0:
                    break
                j += 1
            out.append((text[start:i], text[i + 1:j]))
            start = i = j + 1
            continue
        i += 1
    rest = text[start:].strip(" 、,，・/／")
    if rest:
        out.append((rest, ""))
    return [_unbracketed(name, contact) for name, contact in out]


def _unbracketed(name: str, contact: str) -> tuple[str, str]:
    """Contacts printed after the name without a bracket (name 電話：… メール：…) are
    contacts, not part of the name: the name ends at the first contact label followed by
    a phone number or an address."""
    for i in range(len(name)):
        label = _label_at(name, i)
        if label is None:
            continue
        value = name[i + len(label[1]):].lstrip(" \u3000:：")
        if PHONE.match(value) or EMAIL.match(value):
            return name[:i], " ".join(x for x in (name[i:], contact) if x)
    return name, contact


@lru_cache(maxsize=None)
def _contact_label() -> re.Pattern[str]:
    """A contact label (the box's labels, rules [department_box]) opening a bracket."""
    return re.compile(r"\s*(?:" + "|".join(re.escape(w) for _, w in _box_labels()) + ")")


def _undisclosed(text: str | None) -> bool:
    return text is not None and squash(text) in {squash(x) for x in layout_rules()["department_box"]["undisclosed"]}


def _is_bare_label(text: str, labels: list[str]) -> bool:
    t = text.strip().rstrip(" :：")
    return any(t.lower() == w.lower() for w in labels)


def join_bare_labels(lines: list[Line], labels: list[str], band_share: float) -> tuple[list[Line], list[Line]]:
    """A label line with nothing after it takes the nearest run to its right on the same
    band (its value, drawn apart when text is placed per glyph or per word with no space
    glyph). Returns the lines with each such pair joined, and the labels that were joined."""
    out = list(lines)
    joined: list[Line] = []
    for label in lines:
        if label not in out or not _is_bare_label(label.text, labels):
            continue
        band = band_share * (label.bottom - label.top)
        right = [ln for ln in out if ln is not label and ln.x0 >= label.x1 - band
                 and abs(ln.ymid - label.ymid) <= band and not _is_bare_label(ln.text, labels)]
        if not right:
            continue
        value = min(right, key=lambda ln: ln.x0)
        merged = Line(text=f"{label.text.strip()} {value.text.strip()}", x0=label.x0, top=min(label.top, value.top),
                      x1=value.x1, bottom=max(label.bottom, value.bottom), size=label.size, bold=label.bold,
                      page=label.page)
        out[out.index(label)] = merged
        out.remove(value)
        joined.append(label)
    return out, joined


def _box_labels() -> list[tuple[str, str]]:
    """(kind, label) of the box's contact labels, longest first."""
    rules = layout_rules()["department_box"]
    pairs = [("phone", w) for w in rules["phone"]] + [("email", w) for w in rules["email"]]
    return sorted(pairs, key=lambda kw: len(kw[1]), reverse=True)


def _label_at(text: str, i: int) -> tuple[str, str] | None:
    """The contact label starting at text[i], if one does (e-mail labels in any case, as
    printed: MAIL, Mail). A label run into an address (mail@city.jp) is the address."""
    for kind, word in _box_labels():
        seg = text[i:i + len(word)]
        if seg == word or (kind == "email" and seg.lower() == word.lower()):
            after = text[i + len(word):i + len(word) + 1]
            if not after or not EMAIL_CHAR.match(after):
                return kind, word
    return None


def _contact_pieces(text: str) -> list[tuple[str, str]]:
    """(kind, value) of a box line opening with a contact label. One line may print both
    contacts (電話 … メール …, or メール … 電話 …): a further label after a space or a
    separator closes the value before it and opens its own."""
    head = _label_at(text, 0)
    if head is None:
        return []
    separators = "".join(layout_rules()["department_box"]["separators"])
    pieces: list[tuple[str, str]] = []
    kind, value_from = head[0], len(head[1])
    i = value_from
    while i < len(text):
        nxt = _label_at(text, i) if i > value_from and text[i - 1] in separators else None
        if nxt is None:
            i += 1
            continue
        pieces.append((kind, text[value_from:i]))
        kind, value_from = nxt[0], i + len(nxt[1])
        i = value_from
    pieces.append((kind, text[value_from:]))
    return [(k, v.strip().strip(separators + ":：").strip()) for k, v in pieces]


def parse_department_box(lines: list[Line], notes: list[str] | None = None) -> list[DepartmentInfo]:
    """The 担当部署 box: a name (one or more lines), then 電話 and メール lines; a name
    line after a department's phone or email starts the next department."""
    rules = layout_rules()["department_box"]
    found: list[DepartmentInfo] = []
    name_parts: list[str] = []
    phone = email = None
    contact_seen = False
    lines, joined = join_bare_labels(lines, rules["phone"] + rules["email"], rules["label_value_band_share"])
    if joined and notes is not None:
        notes.append("contact value read from the run beside a bare label (" + ", ".join(
            f"{ln.text.strip()} on page {ln.page}" for ln in joined) + "): label and value were drawn apart")

    def close() -> None:
        name = "".join(name_parts).strip() or None
        if name is not None and (_undisclosed(name) or is_nothing(name)):
            name = None
        if name is not None or phone is not None or email is not None:
            found.append(DepartmentInfo(name, phone, email))

    def note(text: str) -> None:
        if notes is not None:
            notes.append(text)

    bare: str | None = None
    for ln in lines:
        t = ln.text.strip()
        pieces = _contact_pieces(t)
        for kind, rest in pieces:
            if kind == "phone":
                m = PHONE.search(rest)  # extensions such as (内5562) are not part of the number
                phone = None if is_nothing(rest) else _safe(normalize_phone, m.group(0) if m else rest)
                unread = phone is None and not is_nothing(rest)
            else:
                email = None if is_nothing(rest) else _safe(normalize_email, rest)
                unread = email is None and not is_nothing(rest)
            if unread:
                note(f"{kind} {rest!r} on page {ln.page} not read: not a {kind} as printed")
        if pieces:
            contact_seen = True
            # A label printed alone (neither beside its value nor on one line with it)
            # waits for its value on the next line.
            bare = pieces[-1][0] if not pieces[-1][1] else None
            continue
        if bare == "phone" and phone is None and (number := _safe(normalize_phone, t)) is not None:
            # A number printed under its bare 電話 label is that label's value, not the
            # name of a next department.
            phone, bare = number, None
            note(f"phone read from the line under a bare label ({t} on page {ln.page}): label and value on two lines")
            continue
        bare = None
        m = EMAIL.search(t)
        if m and email is None:
            email = _read(normalize_email, m.group(0), "email", notes)
            contact_seen = True
            continue
        if contact_seen:
            close()
            name_parts, phone, email, contact_seen = [], None, None, False
        name_parts.append(t)
    close()
    return found
