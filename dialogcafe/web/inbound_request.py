"""The request class of every HTTP edge: bodies, forms and query strings arrive cleaned.

Views read ``request.get_json()``, ``request.form`` and ``request.args`` as usual; this
class runs each through ``domain/fields.py`` first, so no view can forget to, and no malformed
body turns into a 500: JSON nested past Python's recursion limit is a plain 400.
"""

from __future__ import annotations

from typing import Any

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter
from werkzeug.utils import cached_property

from dialogcafe.domain import errors, fields
from dialogcafe.domain.errors import N_


def _cleaned(values: MultiDict[str, str]) -> ImmutableMultiDict[str, str]:
    return ImmutableMultiDict(
        (fields.clean_text(key), fields.clean_text(value))
        for key, value in values.items(multi=True)
    )


class InboundRequest(Request):
    """Flask's request, with every value a client sent passed through ``domain/fields.py``."""

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True) -> Any:
        try:
            body = super().get_json(force=force, silent=silent, cache=cache)
        except RecursionError as exc:
            raise errors.BadRequest(detail=N_("The request is nested too deeply.")) from exc
        return fields.clean_value(body)

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _cleaned(self.__dict__["form"])

    @cached_property
    def args(self) -> ImmutableMultiDict[str, str]:
        return _cleaned(super().args)


def digits_up_to(limit: int) -> str:
    """A regular expression for the decimal numbers 0..``limit`` (leading zeros allowed)."""
    digits = str(limit)
    shorter = f"\\d{{1,{len(digits) - 1}}}" if len(digits) > 1 else None
    same_length = [
        f"{digits[:i]}[0-{int(d) - 1}]\\d{{{len(digits) - i - 1}}}"
        for i, d in enumerate(digits)
        if d != "0"
    ]
    choices = [c for c in (shorter, *same_length, digits) if c]
    return f"0*(?:{'|'.join(choices)})"


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` in a route, up to the largest id the database holds: a longer number in
    a path is simply no such page (404), never an overflow in the database driver.

    The bound is in the pattern, not only in ``to_python``: werkzeug answers 405 when a
    value fails conversion after another method's rule for the same path was seen."""

    regex = digits_up_to(fields.MAX_SAFE_INTEGER)

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", fields.MAX_SAFE_INTEGER)
        super().__init__(map, *args, **kwargs)
