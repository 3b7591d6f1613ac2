"""The explorer's GET form: the filters of ``casus events``, parsed from a query string
with the same checks (a bad value is a :class:`~casus.errors.UsageError`, shown on the
page, never a traceback)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from starlette.datastructures import QueryParams

from ..errors import UsageError
from ..store.query import QUADS, STATES, Filters, parse_country, parse_dyad, parse_quad, parse_type

__all__ = ["FIELDS", "QUAD_NAMES", "filters_of"]

FIELDS = (
    "actor", "dyad", "type", "quad", "since", "until", "place", "country", "factuality",
    "min_independent", "state", "outlet", "genre", "reviewed",
)  # fmt: skip
"""The form's fields, in the order of ``casus events``'s options."""

QUAD_NAMES: Mapping[int, str] = {number: name for name, number in QUADS.items()}


def _day(value: str, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{field}: {value!r} is not a date (YYYY-MM-DD)") from None


def _whole(value: str, field: str) -> int | None:
    if not value:
        return None
    text = value.strip()
    if not text.isdigit() or len(text) > 9:
        raise UsageError(f"{field}: {value!r} is not a whole number")
    return int(text)


def _factualities(query: QueryParams) -> tuple[str, ...]:
    """Repeated ``factuality`` fields, or one field of comma-separated values."""
    found: list[str] = []
    for value in query.getlist("factuality"):
        found += [part.strip().lower() for part in value.split(",") if part.strip()]
    return tuple(dict.fromkeys(found))


def filters_of(query: QueryParams) -> Filters:
    """The :class:`~casus.store.query.Filters` a query string asks for (empty fields
    are no filter)."""

    def text(name: str) -> str:
        return query.get(name, "").strip()

    state = text("state") or None
    if state is not None and state not in STATES:
        raise UsageError(f"state: {state!r} is not one of {', '.join(STATES)}")
    return Filters(
        actor=text("actor") or None,
        dyad=parse_dyad(text("dyad")) if text("dyad") else None,
        type=parse_type(text("type")) if text("type") else None,
        quad=parse_quad(text("quad")) if text("quad") else None,
        since=_day(text("since"), "since"),
        until=_day(text("until"), "until"),
        place=text("place") or None,
        country=parse_country(text("country")) if text("country") else None,
        factuality=_factualities(query),
        min_independent=_whole(text("min_independent"), "min_independent"),
        state=state,
        outlet=text("outlet") or None,
        genre=text("genre") or None,
        reviewed=text("reviewed") in ("1", "on", "true"),
    )
