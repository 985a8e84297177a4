"""Page content streams read with one regular expression, behind pdfminer's interpreter.

Profiling the layout stage shows pdfminer's PostScript tokenizer (`PSBaseParser`, a
state machine stepping through the bytes in Python) taking about 60% of the parse: some
four thousand tokens a page at ~15 µs each. Here the same tokens come from one compiled
regular expression, and pdfminer's interpreter executes them as before: graphics state,
fonts, text positioning and the device (pdfplumber's aggregator) are all pdfminer's.

The tokenizer is a fast path, not a second PDF parser: it mirrors pdfminer's token rules
(see `pdfminer.psparser`) for what content streams hold, and for anything else (inline
images, procedures, `#` escapes in names, unbalanced brackets, an unterminated string, a
number pdfminer would drop) it gives up and the stream goes through pdfminer's own
parser. `tests/test_contentstream.py` checks both give the same operands and operators on
every stream of the sample and its variants, and on generated streams.
"""
from __future__ import annotations

import re
from typing import Any, Sequence

from pdfminer import settings
from pdfminer.pdfinterp import PDFInterpreterError, PDFPageInterpreter
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import KWD, LIT, PSKeyword, PSLiteral, keyword_name


class Unsupported(Exception):
    """The stream holds something the fast path leaves to pdfminer's parser."""


# pdfminer's whitespace is bytes `\s` ([ \t\n\v\f\r]); a NUL between tokens is skipped.
_DELIM = rb"#/%\[\]()<>{}\t\n\x0b\x0c\r "
_TOKEN = re.compile(
    rb"(?P<ws>[\x00\t\n\x0b\x0c\r ]+)"
    rb"|(?P<comment>%[^\r\n]*)"
    rb"|(?P<num>[+-][0-9]*(?:\.[0-9]*)?|[0-9]+(?:\.[0-9]*)?|\.[0-9]*)"
    rb"|/(?P<name>[^" + _DELIM + rb"]*+)(?P<namehash>\#)?"
    rb"|(?P<kw>[A-Za-z][^" + _DELIM + rb"]*)"
    rb"|\((?P<str>[^()\\]*)\)"
    rb"|(?P<strx>\()"
    rb"|(?P<dopen><<)"
    rb"|<(?P<hex>[0-9A-Fa-f\t\n\x0b\x0c\r ]*)(?P<hexend>>?)"
    rb"|(?P<dclose>>>)"
    rb"|(?P<gt>>)"
    rb"|(?P<other>.)",
    re.DOTALL,
)
_SPACE = re.compile(rb"[\t\n\x0b\x0c\r ]")
_HEX_PAIR = re.compile(rb"[0-9a-fA-F]{2}|.", re.DOTALL)
_ESCAPES = {ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("f"): 12, ord("r"): 13,
            ord("("): 40, ord(")"): 41, ord("\\"): 92}
_OCTAL = b"01234567"
_PDFMINER_BUFFER = 4096  # PSBaseParser.BUFSIZ

_ARRAY_BEGIN, _ARRAY_END = KWD(b"["), KWD(b"]")
# pdfminer's parser reads inline images itself (and drops an 'ID' without 'BI').
_INLINE_IMAGE = (KWD(b"BI"), KWD(b"ID"))
_BOOLS = {b"true": True, b"false": False}


def _hex_bytes(body: bytes) -> bytes:
    return _HEX_PAIR.sub(lambda m: bytes((int(m.group(0), 16),)), _SPACE.sub(b"", body))


def _literal_string(data: bytes, start: int) -> tuple[bytes, int]:
    """The literal string opening at data[start] ('('), as pdfminer reads it: nested
    parentheses kept, escapes resolved (an unknown escape drops its character, as
    pdfminer does), backslash-newline removed. Returns (bytes, index after ')')."""
    out = bytearray()
    depth, i, n = 1, start + 1, len(data)
    while i < n:
        c = data[i]
        if c == 0x5C:  # backslash
            i += 1
            if i >= n:
                break
            c = data[i]
            if c in _OCTAL:
                j = i
                while j < n and j - i < 3 and data[j] in _OCTAL:
                    j += 1
                code = int(data[i:j], 8)
                if code > 255:
                    raise Unsupported("octal escape out of range")
                out.append(code)
                i = j
                continue
            if c in _ESCAPES:
                out.append(_ESCAPES[c])
            elif c == 0x0D and i + 1 < n and data[i + 1] == 0x0A:
                if i % _PDFMINER_BUFFER == _PDFMINER_BUFFER - 1:
                    # pdfminer reads a stream 4096 bytes at a time and does not look past
                    # its buffer here: it would keep that newline.
                    raise Unsupported("backslash-CRLF across pdfminer's buffer boundary")
                i += 1
            i += 1
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if not depth:
                return bytes(out), i + 1
        out.append(c)
        i += 1
    raise Unsupported("unterminated string")


def tokens(data: bytes) -> list[Any]:
    """The top-level objects of a content stream, as pdfminer's `PDFContentParser`
    returns them (without positions): numbers, bytes, PSLiteral names, booleans,
    lists, dicts and PSKeyword operators. Raises Unsupported where it would differ."""
    out: list[Any] = []
    stack: list[tuple[str, list[Any]]] = []  # open arrays ('a') and dictionaries ('d')
    cur = out
    pos, n = 0, len(data)
    match = _TOKEN.match
    while pos < n:
        m = match(data, pos)
        if m is None or m.lastgroup is None:  # never: the pattern ends in a catch-all
            raise Unsupported(f"no token at {pos}")
        kind = m.lastgroup
        pos = m.end()
        if kind == "ws" or kind == "comment":
            continue
        if kind == "num":
            tok = m.group(kind)
            try:
                cur.append(float(tok) if b"." in tok else int(tok))
            except ValueError:
                raise Unsupported(f"number {tok!r}") from None
        elif kind == "kw":
            tok = m.group(kind)
            if tok in _BOOLS:
                cur.append(_BOOLS[tok])
                continue
            kwd = KWD(tok)
            if kwd in _INLINE_IMAGE:
                raise Unsupported("inline image")
            cur.append(kwd)
        elif kind == "namehash":
            raise Unsupported("# escape in a name")
        elif kind == "name":
            raw = m.group(kind)
            try:
                cur.append(LIT(raw.decode("utf-8")))
            except UnicodeDecodeError:
                cur.append(LIT(raw))
        elif kind == "str":
            cur.append(m.group(kind))
        elif kind == "strx":
            s, pos = _literal_string(data, m.start())
            cur.append(s)
        elif kind == "hexend":
            # pdfminer ends a hex string at its first non-hex character and reads that
            # character again: a '>' closing the string may start a '>>'.
            if not m.group("hexend"):
                if m.end() >= n:
                    raise Unsupported("unterminated hex string")
            cur.append(_hex_bytes(m.group("hex")))
            pos = m.start("hexend")
        elif kind == "dopen":
            stack.append(("d", cur))
            cur = []
        elif kind == "dclose":
            if not stack or stack[-1][0] != "d" or len(cur) % 2:
                raise Unsupported("unbalanced dictionary")
            keys = cur[0::2]
            if not all(isinstance(k, PSLiteral) and isinstance(k.name, str) for k in keys):
                raise Unsupported("dictionary key not a name")
            d = {k.name: v for k, v in zip(keys, cur[1::2])}
            cur = stack.pop()[1]
            cur.append(d)
        elif kind == "gt":
            continue  # pdfminer: a lone '>' is no token
        else:  # a one-character operator or bracket
            tok = m.group(kind)
            if tok == b"[":
                stack.append(("a", cur))
                cur = []
            elif tok == b"]":
                if not stack or stack[-1][0] != "a":
                    raise Unsupported("unbalanced array")
                arr = cur
                cur = stack.pop()[1]
                cur.append(arr)
            elif tok in (b"{", b"}"):
                raise Unsupported("procedure")
            else:
                cur.append(KWD(tok))
    if stack:
        raise Unsupported("unclosed array or dictionary")
    return out


def stream_tokens(datas: list[bytes]) -> list[Any]:
    """The tokens of a page's content streams, read one after the other. pdfminer
    ends a token at the end of a stream, except a name or a '>' just begun: those read
    on into the next stream, and so does an object left open (a string, an array)."""
    out: list[Any] = []
    for k, data in enumerate(datas):
        if k + 1 < len(datas) and data[-1:] in (b"/", b">"):
            raise Unsupported("a stream ends where pdfminer reads on into the next")
        out += tokens(data)
    return out


class FastInterpreter(PDFPageInterpreter):
    """pdfminer's page interpreter, reading its content streams with `tokens`."""

    def execute(self, streams: Sequence[object]) -> None:
        # pdfminer's guard against content streams (form XObjects) that include
        # themselves, as in PDFPageInterpreter.execute.
        valid = []
        self.stream_ids.clear()
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None or stream.objid in self.parent_stream_ids:
                continue
            valid.append(stream)
            self.stream_ids.add(stream.objid)
        try:
            objs = stream_tokens([s.get_data() for s in valid])
        except Unsupported:
            return super().execute(streams)
        ops: dict[PSKeyword, tuple[Any, int] | None] = {}
        for obj in objs:
            if not isinstance(obj, PSKeyword):
                self.push(obj)
                continue
            if obj not in ops:
                name = keyword_name(obj)
                method = "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q")
                func = getattr(self, method, None)
                ops[obj] = (func, func.__code__.co_argcount - 1) if func is not None else None
            op = ops[obj]
            if op is None:
                if settings.STRICT:
                    raise PDFInterpreterError(f"Unknown operator: {keyword_name(obj)!r}")
                continue
            func, nargs = op
            if nargs:
                args = self.pop(nargs)
                if len(args) == nargs:
                    func(*args)
            else:
                func()
