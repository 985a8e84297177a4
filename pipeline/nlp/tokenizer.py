"""Shared plumbing: one lazily created Sudachi tokenizer per process, a plain
token type, and rule-file loading.

Sudachi's MorphemeList is tied to the tokenizer that produced it, so results are
copied into immutable ``Token`` tuples right away; callers never see Sudachi objects.
"""
from __future__ import annotations

import os
import threading
from functools import lru_cache
from typing import Any, NamedTuple

_lock = threading.Lock()
_state: dict[str, Any] = {"pid": None, "tokenizer": None, "modes": None}


class Token(NamedTuple):
    surface: str
    norm: str  # Sudachi normalized form (取組 -> 取り組み, 1.8万 -> 18000)
    pos: tuple[str, ...]
    begin: int  # character offsets into the tokenized text
    end: int

    @property
    def is_numeral(self) -> bool:
        return self.pos[1] == "数詞"

    @property
    def is_noun(self) -> bool:
        return self.pos[0] in ("名詞", "接尾辞") and not self.is_numeral

    @property
    def is_place(self) -> bool:
        return self.pos[1] == "固有名詞" and self.pos[2] == "地名"


Toks = tuple[Token, ...]  # one tokenized text, as every rule reads it


def _tokenizer() -> tuple[Any, dict[str, Any]]:
    """The process's tokenizer, created on first use (and again after a fork)."""
    if _state["pid"] != os.getpid():
        from sudachipy import Dictionary, SplitMode  # untyped: pyproject's mypy overrides type it as Any

        _state["tokenizer"] = Dictionary(dict="core").tokenizer()
        _state["modes"] = {"A": SplitMode.A, "B": SplitMode.B, "C": SplitMode.C}
        _state["pid"] = os.getpid()
    return _state["tokenizer"], _state["modes"]


@lru_cache(maxsize=4096)
def tokenize(text: str, mode: str = "C") -> tuple[Token, ...]:
    """Tokenize ``text`` with split mode ``"A"`` (short units) or ``"C"`` (long units)."""
    with _lock:
        tok, modes = _tokenizer()
        return tuple(
            Token(m.surface(), m.normalized_form(), tuple(m.part_of_speech()), m.begin(), m.end())
            for m in tok.tokenize(text, modes[mode])
        )


def dictionary_word_across(text: str, at: int, mode: str = "A") -> str | None:
    """The first word of ``text`` (split ``mode``) that starts before offset ``at`` and
    ends after it, if the dictionary knows it; None if ``at`` falls between words or only
    an unknown word spans it (Sudachi groups any run of unknown katakana or latin letters
    into one token, so an unknown token spanning ``at`` says nothing). ``Token`` does not
    carry Sudachi's out-of-vocabulary flag, hence this function."""
    with _lock:
        tok, modes = _tokenizer()
        for m in tok.tokenize(text, modes[mode]):
            if m.begin() < at < m.end() and not m.is_oov():
                return str(m.surface())
    return None

