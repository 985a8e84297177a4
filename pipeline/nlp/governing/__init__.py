"""What governs a quantity: its direction and its role.

One module per concern, each read through ``clauses`` (spans, particles, the governing
predicate, aspect tests):

- ``direction``: the change word a figure depends on (``direction_and_source``, an ordered
  table of named readings, ``direction.READINGS``, as the role's) and whether two figures are
  items of one list (``coordinated``);
- ``setting``: readings of the setting a figure describes (targets, the ongoing operation, the
  state before, the standing state, staff, the terse state of the boxes);
- ``frames``: a figure that sizes what a change acted on (the frame of a later change, input or
  frame, restated in brackets, the relative clause of a change);
- ``roles``: the role decision, ``effect`` or ``context`` (the rule file says why each context rule exists).
"""
from __future__ import annotations

from .direction import coordinated, direction_and_source
from .roles import DEFAULT_READING, NOTED_CONTEXT_READINGS, UNLISTED_COUNTER_READING, role

__all__ = ["DEFAULT_READING", "NOTED_CONTEXT_READINGS", "UNLISTED_COUNTER_READING", "coordinated", "direction_and_source", "role"]
