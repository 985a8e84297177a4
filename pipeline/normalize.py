"""Normalise values as printed in the 自治体DX推進参考事例集 PDFs (contract: cost, schedule,
population, department).

Every function takes the text exactly as extracted and either returns the normalised
value or raises :class:`NormalizeError` (a ``ValueError``) -- never any other exception,
whatever string it is given. The word lists and tables live in ``rules/normalize.json``
(loaded once at import); this module holds only the grammar that combines them.

Texts are compared after Unicode NFKC and removal of all whitespace, so full-width
digits/commas/brackets, ``Ｒ``, and amounts broken over two lines (``"26,700\\n千円"``)
need no special casing.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal, TypeVar

from . import settings

__all__ = [
    "NormalizeError",
    "ParsedAmount",
    "AmountStatus",
    "TaxStatus",
    "RULES_PATH",
    "parse_amount",
    "parse_tax",
    "parse_lead_time",
    "parse_when",
    "parse_japanese_date",
    "parse_population",
    "normalize_phone",
    "normalize_email",
]


class NormalizeError(ValueError):
    """The text cannot be understood as the value asked for."""


AmountStatus = Literal["amount", "none", "undisclosed", "blank"]
TaxStatus = Literal["excluded", "included"]

RULES_PATH = Path(__file__).with_name("rules") / "normalize.json"

# Largest value an Arrow int64 column can hold (yen, persons).
_INT64_MAX = 2**63 - 1
# Longest digit string we do arithmetic on; longer is garbage, and the bound keeps
# Decimal/Fraction exact and cheap.
_MAX_NUMBER_CHARS = 30
_DECIMAL_PREC = 100  # > _MAX_NUMBER_CHARS + digits of the largest multiplier: never rounds


# --------------------------------------------------------------------------- rules


# Read through the one typed loader (closed: a misspelt key is an error), as the plain
# values the module-level tables below are built from once.
_RULES: dict[str, Any] = settings.normalize().model_dump()

# Whitespace plus invisible characters PDF extraction leaves inside words.
_SQUASH_RE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]+")


def _squash(text: str) -> str:
    """Remove all whitespace (incl. newlines, U+3000): the 'as printed' form we keep."""
    return _SQUASH_RE.sub("", text)


def _norm(text: str) -> str:
    """Comparison form: NFKC (full width -> ASCII, ～ -> ~) without whitespace."""
    return _squash(unicodedata.normalize("NFKC", _squash(text)))


def _words(words: Iterable[str]) -> tuple[str, ...]:
    """Normalised, de-duplicated, longest first (so 千万 is tried before 千)."""
    return tuple(sorted({_norm(w) for w in words}, key=lambda w: (-len(w), w)))


def _alt(words: Iterable[str]) -> str:
    """Regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in _words(words) if w)


def _unit_table(table: dict[str, int], counter: str) -> tuple[str, dict[str, int], int]:
    """Split {'千円': 1000, '円': 1} into counter '円' and bare multipliers {'千': 1000}.

    The counter itself must be in the table with value 1.
    """
    counter = _norm(counter)
    mult: dict[str, int] = {}
    for word, value in table.items():
        w = _norm(word)
        if not w.endswith(counter):
            raise RuntimeError(f"unit {word!r} does not end with {counter!r}")
        bare = w[: -len(counter)]
        if bare:
            mult[bare] = int(value)
    return counter, mult, int(table[counter])


def _fraction(value: int | float | str) -> Fraction:
    # "1/30" or 0.25 in the JSON; str() keeps 0.25 exact.
    return Fraction(value) if isinstance(value, str) else Fraction(str(value))


_ERAS: dict[str, int] = {_norm(k): int(v) for k, v in _RULES["eras"].items()}
_FIRST_YEAR = _norm(_RULES["first_year_word"])

_YEN, _YEN_MULT, _ = _unit_table(_RULES["yen_units"], "円")
_YEN_UNITS: dict[str, int] = {_norm(k): int(v) for k, v in _RULES["yen_units"].items()}
_BARE_UNIT = _norm(_RULES["bare_number_unit"])
_PERSON, _PERSON_MULT, _ = _unit_table(_RULES["population_units"], "人")

_NONE_WORDS = frozenset(_words(_RULES["none_words"]))
_UNDISCLOSED_WORDS = _words(_RULES["undisclosed_words"])
_BLANK_WORDS = frozenset(_words(_RULES["blank_words"]))
_APPROX_PREFIXES = _words(_RULES["approx_prefixes"])
_APPROX_SUFFIXES = _words(_RULES["approx_suffixes"])
_PER_YEAR_SUFFIXES = _words(_RULES["per_year_suffixes"])
_RANGE_MARKS = _words(_RULES["range_marks"])
_DASH_RANGE_MARKS = _words(_RULES["dash_range_marks"])
_TAX_MARKS: dict[str, TaxStatus] = {_norm(k): v for k, v in _RULES["tax_marks"].items()}

_DURATION_UNITS: dict[str, Fraction] = {
    _norm(k): _fraction(v) for k, v in _RULES["duration_units"].items()
}
_DURATION_SUFFIXES = _words(_RULES["duration_suffixes"])
_HALF = _norm(_RULES["half_word"])
_DURATION_PLACES = int(_RULES["duration_round_places"])

_FISCAL = _norm(_RULES["fiscal_year_word"])
_FISCAL_START = int(_RULES["fiscal_year_start_month"])
_DATE_SUFFIXES = _words(_RULES["date_suffixes"])
_OPEN_END_SUFFIXES = frozenset(_words(_RULES["open_end_suffixes"]))
_OPEN_START_SUFFIXES = frozenset(_words(_RULES["open_start_suffixes"]))
_WEEKDAYS = _norm(_RULES["weekday_chars"])

_PHONE_LABELS = _words(_RULES["phone_labels"])
_PHONE_EXT_WORDS = _words(_RULES["phone_extension_words"])
_PHONE_COUNTRY = _norm(_RULES["phone_country_prefix"])
_PHONE_DIGITS = frozenset(int(n) for n in _RULES["phone_digit_counts"])
_EMAIL_LABELS = _words(_RULES["email_labels"])
_EMAIL_AT_MARKS = _words(_RULES["email_at_marks"])

# ------------------------------------------------------------------ shared helpers

# A printed number: 26,700 / 26700 / 1.2 / 0.5. Thousands commas must be well formed.
_NUM = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_BRACKETS = {"(": ")", "[": "]", "「": "」", "【": "】", "『": "』", "<": ">", "〈": "〉", "《": "》", "〔": "〕"}


def _strip_brackets(s: str) -> str:
    """'(非公表)' -> '非公表'; only when one pair wraps the whole text."""
    while len(s) >= 2 and _BRACKETS.get(s[0]) == s[-1] and s[-1] not in s[1:-1]:
        s = s[1:-1]
    return s


def _strip_affixes(s: str, prefixes: Iterable[str] = (), suffixes: Iterable[str] = ()) -> str:
    """Remove any number of the given prefixes/suffixes (and brackets around them)."""
    changed = True
    while changed:
        changed = False
        s = _strip_brackets(s)
        for p in prefixes:
            if p and s.startswith(p):
                s, changed = s[len(p):], True
        for x in suffixes:
            if x and s.endswith(x):
                s, changed = s[: -len(x)], True
    return s


def _decimal(number: str) -> Decimal:
    digits = number.replace(",", "")
    if len(digits) > _MAX_NUMBER_CHARS:
        raise NormalizeError(f"number too long: {number!r}")
    return Decimal(digits)


def _check_str(text: object, what: str) -> str:
    if not isinstance(text, str):
        raise NormalizeError(f"{what}: expected a string, got {type(text).__name__}")
    return text


_F = TypeVar("_F", bound=Callable[..., Any])


def _only_normalize_error(func: _F) -> _F:
    """Safety net for the module contract: anything unexpected surfaces as NormalizeError
    (with the original as __cause__), so callers need to catch exactly one type."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NormalizeError:
            raise
        except (ArithmeticError, ValueError, TypeError, IndexError, KeyError) as exc:
            raise NormalizeError(f"{func.__name__}: cannot read {args[:1]!r}: {exc}") from exc

    return wrapper  # type: ignore[return-value]


# ----------------------------------------------------------------- figures (yen, 人)


@dataclass(frozen=True, slots=True)
class _Figure:
    value: Decimal
    has_unit: bool  # a multiplier or the counter (円/人) was printed
    last_multiplier: int  # multiplier of the last group, to lend to a bare range start


def _figure_re(multipliers: dict[str, int]) -> re.Pattern[str]:
    return re.compile(rf"({_NUM})({_alt(multipliers)})?")


_YEN_GROUP_RE = _figure_re(_YEN_MULT)
_PERSON_GROUP_RE = _figure_re(_PERSON_MULT)


def _parse_figure(s: str, group_re: re.Pattern[str], multipliers: dict[str, int], counter: str) -> _Figure:
    """'26,700千円', '1.2億', '1億2,000万円', '5,000' -> value in base units (not yet rounded).

    Several groups are summed (1億2,000万円); each group but the last needs a multiplier
    and multipliers must fall, otherwise the text is not one figure.
    """
    groups: list[tuple[str, str | None]] = []
    pos = 0
    while pos < len(s):
        m = group_re.match(s, pos)
        if not m:
            break
        groups.append((m.group(1), m.group(2)))
        pos = m.end()
    rest = s[pos:]
    if not groups or rest not in ("", counter):
        raise NormalizeError(f"not a figure: {s!r}")
    value = Decimal(0)
    previous: int | None = None
    last = 1
    with localcontext(prec=_DECIMAL_PREC):  # exact: 1.2億 is 120000000, not 1.2E+8 rounded
        for i, (number, word) in enumerate(groups):
            mult = multipliers[word] if word else 1
            if word is None and i < len(groups) - 1:
                raise NormalizeError(f"figure groups run together: {s!r}")
            if previous is not None and mult >= previous:
                raise NormalizeError(f"figure units out of order: {s!r}")
            previous, last = mult, mult
            value += _decimal(number) * mult
    has_unit = bool(rest) or any(word for _, word in groups)
    return _Figure(value, has_unit, last)


def _split_range(s: str, marks: Iterable[str]) -> list[str]:
    for mark in marks:
        if mark in s:
            return s.split(mark)
    return [s]


def _to_int(value: Decimal, text: str) -> int:
    if value != value.to_integral_value():
        raise NormalizeError(f"not a whole number of units: {text!r}")
    n = int(value)
    if n > _INT64_MAX:
        raise NormalizeError(f"too large: {text!r}")
    return n


# --------------------------------------------------------------------------- amounts


@dataclass(frozen=True, slots=True)
class ParsedAmount:
    """One printed amount.

    text: as printed minus whitespace, None when blank; status: contract CostItem.status;
    amount_yen: int yen for 'amount', 0 for 'none', None otherwise.
    """

    text: str | None
    status: AmountStatus
    amount_yen: int | None


_BLANK_AMOUNT = ParsedAmount(None, "blank", None)
_SPLIT_DIGITS_RE = re.compile(r"[0-9][\s\u200b]+[0-9]")
_TAX_MARK_RE = re.compile(rf"[※*]?[(\[]?(?:消費)?(?:{_alt(_TAX_MARKS)})[きみ]?[)\]]?")


@_only_normalize_error
def undisclosed_words() -> tuple[str, ...]:
    """The words meaning 'not given' (rules/normalize.json undisclosed_words), in
    comparison form, longest first: the one list every reader of amounts uses."""
    return _UNDISCLOSED_WORDS


def parse_amount(text: str | None, *, default_unit: str | None = None) -> ParsedAmount:
    """Parse a cost amount: '26,700千円' -> ParsedAmount('26,700千円', 'amount', 26700000).

    - '－円', '0円', 'なし', '無料' (rules none_words) or any figure equal to 0 -> 'none', 0.
    - a text containing '非公表', '算定不可' … (undisclosed_words) -> 'undisclosed', None.
    - None, '', '－', '—' (blank_words) -> 'blank', text None.
    - 約/概ね/およそ and 程度/前後 are ignored; tax marks (※税抜) are ignored here
      (see parse_tax); '/年' is ignored (running cost is per year anyway).
    - A range 'A～B' gives A (the lower bound; 'A～' gives A, '～B' gives B); a range
      start without a unit borrows the end's ('3,000～5,000千円' -> 3,000千円).
    - A bare figure ('5,000') is read in ``default_unit``, else rules bare_number_unit (円).
    """
    if text is None:
        return _BLANK_AMOUNT
    printed = _squash(_check_str(text, "parse_amount"))
    if _SPLIT_DIGITS_RE.search(unicodedata.normalize("NFKC", text)):
        # '12 34' is more likely two cells run together than one figure.
        raise NormalizeError(f"whitespace inside a number: {text!r}")
    s = _strip_brackets(_norm(text))
    if s in _BLANK_WORDS:
        return _BLANK_AMOUNT
    if any(w in s for w in _UNDISCLOSED_WORDS):
        return ParsedAmount(printed, "undisclosed", None)
    core = _TAX_MARK_RE.sub("", s)
    core = _strip_affixes(core, _APPROX_PREFIXES, _APPROX_SUFFIXES + _PER_YEAR_SUFFIXES)
    if core in _NONE_WORDS:
        return ParsedAmount(printed, "none", 0)
    if core in _BLANK_WORDS:  # e.g. '(税抜)' alone: a mark but no amount
        return _BLANK_AMOUNT

    bare_mult = _YEN_UNITS.get(_norm(default_unit) if default_unit else _BARE_UNIT)
    if bare_mult is None:
        raise NormalizeError(f"unknown default_unit {default_unit!r}")
    sides = [_strip_affixes(p, _APPROX_PREFIXES, _APPROX_SUFFIXES) for p in _split_range(core, _RANGE_MARKS)]
    if len(sides) > 2 or not any(sides):
        raise NormalizeError(f"not an amount: {text!r}")
    figures = [_parse_figure(p, _YEN_GROUP_RE, _YEN_MULT, _YEN) if p else None for p in sides]
    values: list[Decimal] = []
    for i, fig in enumerate(figures):
        if fig is None:
            continue
        if fig.has_unit:
            values.append(fig.value)
            continue
        # A bare range start borrows the unit of the end: 3,000～5,000千円.
        other = figures[1] if i == 0 and len(figures) == 2 else None
        with localcontext(prec=_DECIMAL_PREC):
            values.append(fig.value * (other.last_multiplier if other and other.has_unit else bare_mult))
    if len(values) == 2 and values[0] > values[1]:
        raise NormalizeError(f"amount range runs backwards: {text!r}")
    amount = _to_int(values[0], text)
    return ParsedAmount(printed, "none" if amount == 0 else "amount", amount)


def is_approximate(text: str | None) -> bool:
    """'約3,000千円', '3,000千円程度' -> True: the amount carries an approx word (rules
    approx_prefixes/approx_suffixes), which parse_amount drops from the figure."""
    if text is None:
        return False
    s = _TAX_MARK_RE.sub("", _strip_brackets(_norm(text)))
    s = _strip_affixes(s, (), _PER_YEAR_SUFFIXES)
    return _strip_affixes(s, _APPROX_PREFIXES, ()) != s or _strip_affixes(s, (), _APPROX_SUFFIXES) != s


@_only_normalize_error
def parse_tax(text: str | None) -> TaxStatus | None:
    """'※税抜' -> 'excluded', '(税込)' -> 'included', found anywhere; None if no mark.

    A text with both kinds of mark is ambiguous and raises NormalizeError (pass the
    marks of one CostItem at a time).
    """
    if text is None:
        return None
    s = _norm(_check_str(text, "parse_tax"))
    found = {status for mark, status in _TAX_MARKS.items() if mark in s}
    if len(found) > 1:
        raise NormalizeError(f"conflicting tax marks: {text!r}")
    return found.pop() if found else None


# ------------------------------------------------------------------------- durations

_DURATION_UNIT_ALT = _alt(_DURATION_UNITS)
_DURATION_SUFFIX_ALT = _alt(_DURATION_SUFFIXES) or "(?!)"
_DURATION_PART_RE = re.compile(
    rf"(?:(?P<num>{_NUM})(?P<unit>{_DURATION_UNIT_ALT})(?:{_DURATION_SUFFIX_ALT})?(?P<half>{re.escape(_HALF)})?"
    rf"|{re.escape(_HALF)}(?P<hunit>{_DURATION_UNIT_ALT})(?:{_DURATION_SUFFIX_ALT})?)"
)


def _duration_months(s: str) -> int | float:
    """'1年1か月' -> 13, '2週間' -> 0.5, '1年半' -> 18 (s already normalised)."""
    s = _strip_affixes(s, _APPROX_PREFIXES, _APPROX_SUFFIXES)
    total = Fraction(0)
    pos = 0
    previous: Fraction | None = None
    while pos < len(s):
        m = _DURATION_PART_RE.match(s, pos)
        if not m:
            break
        if m.group("num") is not None:
            if len(m.group("num")) > _MAX_NUMBER_CHARS:
                raise NormalizeError(f"number too long: {s!r}")
            size = _DURATION_UNITS[m.group("unit")]
            count = Fraction(m.group("num").replace(",", "")) + (Fraction(1, 2) if m.group("half") else 0)
        else:
            size = _DURATION_UNITS[m.group("hunit")]
            count = Fraction(1, 2)
        # Units must fall (1年1か月, not 1か月1年): anything else is not one duration.
        if previous is not None and size >= previous:
            raise NormalizeError(f"duration units out of order: {s!r}")
        previous = size
        total += count * size
        pos = m.end()
    if pos == 0 or pos != len(s):
        raise NormalizeError(f"not a duration: {s!r}")
    if total.denominator == 1:
        return int(total)
    rounded = round(Decimal(total.numerator) / Decimal(total.denominator), _DURATION_PLACES)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


@_only_normalize_error
def parse_lead_time(text: str | None) -> tuple[str | None, int | float | None]:
    """'1年1か月' -> ('1年1か月', 13); '2週間' -> ('2週間', 0.5); '—'/''/None -> (None, None).

    Months: 年 = 12, か月/ヶ月/カ月/箇月/ケ月 = 1, 週 = 1/4, 日 = 1/30 (rounded to 2
    places). int when whole, float otherwise. 約 and 程度 are ignored.
    """
    if text is None:
        return (None, None)
    printed = _squash(_check_str(text, "parse_lead_time"))
    s = _strip_brackets(_norm(text))
    if s in _BLANK_WORDS:
        return (None, None)
    return (printed, _duration_months(s))


# ----------------------------------------------------------------------------- dates

_ERA_ALT = _alt(_ERAS)
_YEAR = rf"(?:[0-9]{{1,2}}|{re.escape(_FIRST_YEAR)})"  # era year: 1-2 digits or 元
_SEP = r"[./]"
_FISCAL_RE = re.escape(_FISCAL)

# One point in time. Groups: era, y, m, d, fy (fiscal-year marker).
# Era forms: R5 / R5.4 / R5.4.1 / R5年 / R5年4月 / R5年4月1日 / R5年度 / 令和元年度.
_ERA_POINT_RE = re.compile(
    rf"(?P<era>{_ERA_ALT})(?P<y>{_YEAR})"
    rf"(?:(?P<fy>{_FISCAL_RE})"
    rf"|年(?:(?P<km>[0-9]{{1,2}})月(?:(?P<kd>[0-9]{{1,2}})日)?)?"
    rf"|(?:{_SEP}(?P<m>[0-9]{{1,2}})(?:{_SEP}(?P<d>[0-9]{{1,2}}))?)?)"
)
# Western forms: 2023 / 2023年 / 2023年4月(1日) / 2023年度 / 2023.4(.1) / 2023/4/1.
_WEST_POINT_RE = re.compile(
    rf"(?P<y>[0-9]{{4}})"
    rf"(?:(?P<fy>{_FISCAL_RE})"
    rf"|年(?:(?P<km>[0-9]{{1,2}})月(?:(?P<kd>[0-9]{{1,2}})日)?)?"
    rf"|(?:{_SEP}(?P<m>[0-9]{{1,2}})(?:{_SEP}(?P<d>[0-9]{{1,2}}))?)?)"
)
_ISO_RE = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})(?:-(?P<d>[0-9]{1,2}))?")
# End of a range without an era, read against the start: '4' in R5.2～4, '5.3', '4月', '3年3月'.
_PARTIAL_KANJI_RE = re.compile(
    rf"(?:(?P<y>{_YEAR})(?:(?P<fy>{_FISCAL_RE})|年))?(?:(?P<m>[0-9]{{1,2}})月)?(?:(?P<d>[0-9]{{1,2}})日)?"
)
_PARTIAL_DOTTED_RE = re.compile(rf"[0-9]{{1,4}}(?:{_SEP}[0-9]{{1,2}}){{0,2}}")
_WEEKDAY_RE = re.compile(rf"\((?:[{re.escape(_WEEKDAYS)}]|祝日)\)$") if _WEEKDAYS else re.compile(r"(?!)")


@dataclass(frozen=True, slots=True)
class _Point:
    """A date as precise as printed: fields after the last printed one are None."""

    year: int
    month: int | None = None
    day: int | None = None
    fiscal: bool = False
    era_base: int | None = None  # Gregorian year of era year 1, to read an era-less end

    def key(self, precision: int) -> tuple[int, ...]:
        return (self.year, self.month or 0, self.day or 0)[:precision]

    @property
    def precision(self) -> int:
        return 3 if self.day is not None else 2 if self.month is not None else 1


def _era_year(word: str, base: int) -> int:
    n = 1 if word == _FIRST_YEAR else int(word)
    if n < 1:
        raise NormalizeError(f"era year {word!r} < 1")
    return base + n - 1


def _checked(year: int, month: int | None, day: int | None, fiscal: bool, era_base: int | None) -> _Point:
    if not 1 <= year <= 9998:  # 9998: a fiscal year ends in year + 1
        raise NormalizeError(f"year out of range: {year}")
    if month is not None and not 1 <= month <= 12:
        raise NormalizeError(f"month out of range: {month}")
    if day is not None:
        if month is None:
            raise NormalizeError("day without month")
        try:
            dt.date(year, month, day)
        except ValueError as exc:
            raise NormalizeError(str(exc)) from exc
    return _Point(year, month, day, fiscal, era_base)


def _point_from_match(m: re.Match[str], era_base: int | None) -> _Point:
    g = m.groupdict()
    year = _era_year(g["y"], era_base) if era_base is not None else int(g["y"])
    month = g.get("m") or g.get("km")
    day = g.get("d") or g.get("kd")
    return _checked(year, int(month) if month else None, int(day) if day else None, bool(g.get("fy")), era_base)


def _parse_point(s: str) -> _Point:
    """A complete date: with an era (R5.4, 令和5年4月1日, R5年度) or a 4-digit year."""
    m = _ERA_POINT_RE.fullmatch(s)
    if m:
        return _point_from_match(m, _ERAS[m.group("era")])
    m = _WEST_POINT_RE.fullmatch(s) or _ISO_RE.fullmatch(s)
    if m:
        return _point_from_match(m, None)
    raise NormalizeError(f"not a date: {s!r}")


def _parse_end(s: str, start: _Point) -> _Point:
    """Range end, which may leave out what it shares with the start.

    Dotted numbers are aligned to the start's last field (R5.2～4: 4 is a month;
    R3.4.1～5.31: month.day; H27～29: a year). A missing year that would put the end
    before the start means the next year (R5.11～2 -> 2024-02).
    """
    if _ERA_POINT_RE.fullmatch(s) or _WEST_POINT_RE.fullmatch(s) or _ISO_RE.fullmatch(s):
        return _parse_point(s)
    y: str | None
    m: str | None
    d: str | None
    fiscal = False
    if _PARTIAL_DOTTED_RE.fullmatch(s):
        parts: list[str | None] = list(re.split(_SEP, s))
        if len(parts) > start.precision:
            raise NormalizeError(f"range end more precise than its start: {s!r}")
        # Right-align the printed fields with the start's: (y, m, d)[:precision].
        fields: list[str | None] = [None] * (start.precision - len(parts)) + parts + [None] * (3 - start.precision)
        y, m, d = fields
    else:
        k = _PARTIAL_KANJI_RE.fullmatch(s)
        if not k or not any(k.groups()):
            raise NormalizeError(f"not a range end: {s!r}")
        y, m, d, fiscal = k.group("y"), k.group("m"), k.group("d"), bool(k.group("fy"))
        if fiscal and (m or d):
            raise NormalizeError(f"not a range end: {s!r}")
    if y is not None:
        year = _era_year(y, start.era_base) if start.era_base is not None else int(y)
        return _checked(year, int(m) if m else None, int(d) if d else None, fiscal, start.era_base)
    if m is None:
        # Only a day: same year and month as the start.
        if start.month is None:
            raise NormalizeError(f"range end day without month: {s!r}")
        return _checked(start.year, start.month, int(d) if d else None, False, start.era_base)
    end = _checked(start.year, int(m), int(d) if d else None, False, start.era_base)
    if start.month is not None and end.key(2) < start.key(2):
        end = _checked(start.year + 1, end.month, end.day, False, start.era_base)
    return end


def _fmt(p: _Point, *, as_end: bool) -> str:
    if p.fiscal:
        # 令和5年度 = 2023-04 … 2024-03.
        if as_end:
            last = _FISCAL_START - 1 or 12
            return f"{p.year + (1 if _FISCAL_START > 1 else 0):04d}-{last:02d}"
        return f"{p.year:04d}-{_FISCAL_START:02d}"
    if p.month is None:
        return f"{p.year:04d}"
    if p.day is None:
        return f"{p.year:04d}-{p.month:02d}"
    return f"{p.year:04d}-{p.month:02d}-{p.day:02d}"


def _strip_date_suffix(s: str) -> tuple[str, str | None]:
    """'R5.4以降' -> ('R5.4', '以降'); also drops a weekday '(水)'."""
    s = _WEEKDAY_RE.sub("", _strip_brackets(s))
    for suffix in _DATE_SUFFIXES:
        if suffix and s.endswith(suffix) and len(s) > len(suffix):
            return _WEEKDAY_RE.sub("", s[: -len(suffix)]), suffix
    return s, None


def _split_when(s: str) -> list[str]:
    """Split on the range mark. Wave marks (～ 〜 ~) always count; a dash counts only
    when it is the only one and the text is not an ISO date (2023-04-01)."""
    parts = _split_range(s, _RANGE_MARKS)
    if len(parts) > 2:
        raise NormalizeError(f"several range marks: {s!r}")
    if len(parts) == 2:
        return parts
    if _ISO_RE.fullmatch(s):
        return [s]
    dashes = [d for d in _DASH_RANGE_MARKS if d in s]
    if not dashes:
        return [s]
    if len(dashes) > 1 or s.count(dashes[0]) > 1:
        raise NormalizeError(f"ambiguous dashes in {s!r}")
    return s.split(dashes[0])


def _range(start: _Point | None, end: _Point | None) -> tuple[str | None, str | None]:
    if start is not None and end is not None:
        # R3～R5年度: 年度 on one side applies to a year-only other side
        # (R5年度～R6.3 needs nothing: each side is formatted on its own).
        if start.fiscal and not end.fiscal and end.precision == 1:
            end = _Point(end.year, fiscal=True)
        elif end.fiscal and not start.fiscal and start.precision == 1:
            start = _Point(start.year, fiscal=True)
        a, b = _fmt(start, as_end=False), _fmt(end, as_end=True)
        n = min(len(a), len(b))
        if b[:n] < a[:n]:
            raise NormalizeError(f"range runs backwards: {a} … {b}")
        return a, b
    return (
        _fmt(start, as_end=False) if start is not None else None,
        _fmt(end, as_end=True) if end is not None else None,
    )


@_only_normalize_error
def parse_when(text: str | None) -> tuple[str | None, str | None]:
    """Schedule 'when' -> (start, end), as precise as printed (YYYY, YYYY-MM, YYYY-MM-DD).

    'R2.8' -> ('2020-08', '2020-08'); 'R2.9～R3.8' -> ('2020-09', '2021-08');
    'R3.9～' -> ('2021-09', None); 'R5.11～2' -> ('2023-11', '2024-02');
    'H27～H29' -> ('2015', '2017'); '令和5年度' -> ('2023-04', '2024-03');
    a duration ('0.5か月'), a dash or a blank -> (None, None).
    """
    if text is None:
        return (None, None)
    s = _strip_brackets(_norm(_check_str(text, "parse_when")))
    if s in _BLANK_WORDS:
        return (None, None)
    try:
        return _parse_when(s)
    except NormalizeError:
        try:
            _duration_months(s)  # a step printed as a duration has no dates
        except NormalizeError:
            raise NormalizeError(f"not a date, range or duration: {text!r}") from None
        return (None, None)


def _parse_when(s: str) -> tuple[str | None, str | None]:
    parts = _split_when(s)
    if len(parts) == 1:
        body, suffix = _strip_date_suffix(s)
        point = _parse_point(body)
        if suffix in _OPEN_END_SUFFIXES:
            return _range(point, None)
        if suffix in _OPEN_START_SUFFIXES:
            return _range(None, point)
        return _range(point, point)
    left, right = (_strip_date_suffix(p)[0] if p else "" for p in parts)
    if not left and not right:
        raise NormalizeError("range without dates")
    if not left:
        return _range(None, _parse_point(right))
    start = _parse_point(left)
    return _range(start, _parse_end(right, start) if right else None)


@_only_normalize_error
def parse_japanese_date(text: str) -> dt.date:
    """A full date: '令和6年4月24日', '令和5年1月1日現在', 'R5.1.1', '2023年1月1日', '令和元年5月1日'."""
    s = _strip_brackets(_norm(_check_str(text, "parse_japanese_date")))
    body, suffix = _strip_date_suffix(s)
    if suffix in _OPEN_END_SUFFIXES or suffix in _OPEN_START_SUFFIXES:
        raise NormalizeError(f"not a single date: {text!r}")
    point = _parse_point(body)
    if point.day is None or point.month is None or point.fiscal:
        raise NormalizeError(f"no day in {text!r}")
    return dt.date(point.year, point.month, point.day)


# ------------------------------------------------------------------------ population

_POPULATION_LABEL_RE = re.compile(r"^.*?人口[:]?")
_TRAILING_PAREN_RE = re.compile(r"\([^()]*\)$")


@_only_normalize_error
def parse_population(text: str) -> int:
    """'181.9万人' -> 1819000, '7,513千人' -> 7513000, '12,345人' -> 12345 (exact).

    Also accepts the whole 参考情報 phrase '鏡野町人口：1.2万人（令和5年1月1日現在）'.
    A blank, zero or fractional head count raises NormalizeError.
    """
    s = _strip_brackets(_norm(_check_str(text, "parse_population")))
    s = _POPULATION_LABEL_RE.sub("", s)
    s = _TRAILING_PAREN_RE.sub("", s)
    s = _strip_affixes(s, _APPROX_PREFIXES, _APPROX_SUFFIXES)
    if not s:
        raise NormalizeError(f"no population in {text!r}")
    figure = _parse_figure(s, _PERSON_GROUP_RE, _PERSON_MULT, _PERSON)
    n = _to_int(figure.value, text)
    if n <= 0:
        raise NormalizeError(f"population must be positive: {text!r}")
    return n


# -------------------------------------------------------------------- phone / e-mail

_PHONE_SEP_RE = re.compile(_alt(_RULES["phone_separators"]))
_PHONE_LABEL_RE = re.compile(rf"^(?:{_alt(_PHONE_LABELS)})[.:]*", re.IGNORECASE)
_PHONE_EXT_RE = re.compile(
    rf"[(\[]?(?:{_alt(_PHONE_EXT_WORDS)})[.:]*[0-9][0-9-]*[)\]]?$", re.IGNORECASE
)
_PHONE_NOTE_RE = re.compile(r"\([^0-9()]*\)")  # (代表), (直通)
_PHONE_RE = re.compile(r"0[0-9]*(?:-[0-9]+)*")


@_only_normalize_error
def normalize_phone(text: str | None) -> str | None:
    """'０８６８－５４－２９８５', '0868(54)2985', 'TEL:0868‐54‐2985' -> '0868-54-2985'.

    ASCII digits and hyphens as printed (no hyphens are guessed for '0868542985');
    an extension '（内線123）' is dropped (the contract field is the dialable number);
    '+81' becomes a leading 0; None for a dash or blank.
    """
    if text is None:
        return None
    s = _strip_brackets(_norm(_check_str(text, "normalize_phone")))
    if s in _BLANK_WORDS:
        return None
    while (stripped := _PHONE_LABEL_RE.sub("", s)) != s:
        s = _strip_brackets(stripped)
    s = _PHONE_NOTE_RE.sub("", s)
    ext = _PHONE_EXT_RE.search(s)
    if ext and ext.start() > 0:
        s = s[: ext.start()]
    s = _PHONE_SEP_RE.sub("-", s)
    if s.startswith(_PHONE_COUNTRY):
        s = "0" + s[len(_PHONE_COUNTRY):].lstrip("-").replace("(0)", "", 1)
    # Brackets around the area or local code are separators: 0868(54)2985.
    s = re.sub(r"[()]", "-", s)
    s = re.sub(r"-{2,}", "-", s).strip("-")
    if not _PHONE_RE.fullmatch(s):
        raise NormalizeError(f"not a phone number: {text!r}")
    if sum(c.isdigit() for c in s) not in _PHONE_DIGITS:
        raise NormalizeError(f"wrong number of digits: {text!r}")
    return s


_EMAIL_LABEL_RE = re.compile(rf"^(?:{_alt(_EMAIL_LABELS)})[.:]*", re.IGNORECASE)
_EMAIL_RE = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+")


@_only_normalize_error
def normalize_email(text: str | None) -> str | None:
    """' Jyumin＠town.kagamino.lg.jp ' -> 'jyumin@town.kagamino.lg.jp'; None for dash/blank.

    NFKC (full width -> ASCII, ＠ -> @), whitespace removed (an address broken over two
    lines is joined), 'メール：'/'mailto:' labels and (at) marks handled, lower-cased.
    """
    if text is None:
        return None
    s = _strip_brackets(_norm(_check_str(text, "normalize_email")))
    if s in _BLANK_WORDS:
        return None
    for mark in _EMAIL_AT_MARKS:
        s = s.replace(mark, "@")
    while True:
        candidate = _strip_brackets(s.rstrip("。、,.;")).lower()
        if _EMAIL_RE.fullmatch(candidate):
            return candidate
        # Strip a label only when the text is not already an address: 'mail@city.jp'
        # is an address, 'mail:x@city.jp' and 'メールx@city.jp' are labelled.
        stripped = _strip_brackets(_EMAIL_LABEL_RE.sub("", s))
        if stripped == s:
            raise NormalizeError(f"not an e-mail address: {text!r}")
        s = stripped
