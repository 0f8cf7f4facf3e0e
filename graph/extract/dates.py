"""Time expressions resolved against the publication date, at the precision the text gives.

"since 2004" -> start ``2004``; "in 2022" -> ``2022``; "last month" -> the month before
publication (``2025-10``); "on Friday" / "its Tuesday meeting" -> the latest such weekday on or
before publication (news reports the past); explicit dates ("March 3", "4 November 2025") are
parsed by dateparser with the publication date as the relative base. Future-looking words
("next month", "upcoming") give nothing rather than a guess.

Examples
--------
>>> from datetime import date
>>> pub = date(2025, 11, 7)          # a Friday
>>> resolve("last month", pub)
'2025-10'
>>> resolve("Tuesday", pub)
'2025-11-04'
>>> resolve("Friday", pub)
'2025-11-07'
>>> resolve("2004", pub)
'2004'
>>> resolve("recent years", pub) is None
True
"""

from __future__ import annotations

import re
from datetime import date, timedelta

__all__ = ["resolve"]

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_YEAR = re.compile(r"^(?:in |since |from |until |by )?((?:19|20)\d\d)$")
_VAGUE = re.compile(r"\b(years?|decades?|weeks|months|recent|next|upcoming|coming|ago|later)\b")


def _shift_month(d: date, months: int) -> tuple[int, int]:
    m = d.year * 12 + (d.month - 1) + months
    return m // 12, m % 12 + 1


def resolve(expr: str, published: date | None) -> str | None:
    """An ISO date, year-month or year for a time expression, or None if it is vague."""
    text = " ".join(expr.lower().replace("\u2019", "'").split())
    text = re.sub(r"^(on|in|since|from|at|during|by|its|the|this|that)\s+", "", text)
    text = re.sub(r"'s$", "", text)
    m = _YEAR.match(text)
    if m:
        return m.group(1)
    if published is None:
        return None
    if text in ("last month", "previous month"):
        y, mo = _shift_month(published, -1)
        return f"{y:04d}-{mo:02d}"
    if text in ("this month", "earlier this month"):
        return f"{published.year:04d}-{published.month:02d}"
    if text in ("last year", "previous year"):
        return str(published.year - 1)
    if text in ("this year", "earlier this year"):
        return str(published.year)
    if text in ("today", "on today"):
        return published.isoformat()
    if text == "yesterday":
        return (published - timedelta(days=1)).isoformat()
    for wd, name in enumerate(_WEEKDAYS):
        if text in (name, f"last {name}", f"{name} morning", f"{name} evening", f"{name} night"):
            delta = (published.weekday() - wd) % 7
            return (published - timedelta(days=delta)).isoformat()
    if _VAGUE.search(text) or not re.search(r"\d", text):
        return None
    try:
        import dateparser
    except ImportError:  # pragma: no cover - a dependency
        return None
    from datetime import datetime

    base = datetime(published.year, published.month, published.day)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "STRICT_PARSING": False}
    parsed = dateparser.parse(expr, languages=["en"], settings=settings)
    if parsed is None:
        return None
    if re.fullmatch(r"[a-z]+\.? (19|20)\d\d", text):  # "November 2025": month precision
        return f"{parsed.year:04d}-{parsed.month:02d}"
    return parsed.date().isoformat()
