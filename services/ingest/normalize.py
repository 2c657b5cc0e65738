"""From a raw record to a valid `Dispatch`: dates with their precision, language, a stable id."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Any

from schemas.dispatch import Dispatch, Precision
from schemas.envelope import event_id
from services.ingest.errors import UnreadableDispatchError

MAX_TEXT_CHARS = 200_000
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
SUPPORTED_LANGUAGES = ("fr", "en")

_MONTH = re.compile(r"^(\d{1,5})-(\d{1,2})$")
_DAY = re.compile(r"^(\d{1,5})-(\d{1,2})-(\d{1,2})$")


def parse_published(value: Any) -> tuple[datetime, Precision]:
    """A publication time and how precise it is. `2021-11` is the 1st of November, month-precise."""
    if not isinstance(value, str) or not value.strip():
        raise UnreadableDispatchError("no_date", "missing publication date ('published')")
    text = value.strip()
    try:
        if month := _MONTH.match(text):
            year, mon = int(month.group(1)), int(month.group(2))
            _check_year(year, text)
            return datetime(year, mon, 1, tzinfo=UTC), "month"
        if day := _DAY.match(text):
            year = int(day.group(1))
            _check_year(year, text)
            return datetime(year, int(day.group(2)), int(day.group(3)), tzinfo=UTC), "day"
        moment = _instant(text)
    except ValueError as error:
        if isinstance(error, UnreadableDispatchError):
            raise
        raise UnreadableDispatchError("bad_date", f"impossible date {text!r}: {error}") from None
    _check_year(moment.year, text)
    return moment, "instant"


def _instant(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            raise ValueError("not an ISO 8601 or RFC 822 date") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _check_year(year: int, text: str) -> None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise UnreadableDispatchError(
            "bad_date", f"impossible date {text!r}: year outside {EARLIEST_YEAR}-{LATEST_YEAR}"
        )


@cache
def _language_identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_DIR / MODEL_FILE)
    identifier.set_languages(list(SUPPORTED_LANGUAGES))
    return identifier


def detect_language(text: str) -> str:
    """French or English, by py3langid restricted to the languages tocsin has tables for."""
    language, _score = _language_identifier().classify(text[:2000])
    return str(language)


def clean_text(text: str) -> str:
    """NFC-normalised text with Windows line ends folded; offsets refer to this form."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def to_dispatch(record: dict[str, Any], default_source: str = "file") -> Dispatch:
    """Validate one raw record into a dispatch, or raise `UnreadableDispatchError` saying why."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise UnreadableDispatchError("empty", "empty text")
    text = clean_text(text)
    if len(text) > MAX_TEXT_CHARS:
        raise UnreadableDispatchError(
            "too_large", f"text of {len(text)} characters is over the {MAX_TEXT_CHARS} limit"
        )
    published, precision = parse_published(record.get("published"))
    language = record.get("language") or detect_language(text)
    if language not in SUPPORTED_LANGUAGES:
        raise UnreadableDispatchError("language", f"unsupported language {language!r}")
    title = str(record.get("title") or "")
    source = str(record.get("source") or default_source)
    given_id = record.get("id")
    dispatch_id = str(given_id) if given_id else "d-" + event_id(source, published, title, text)
    return Dispatch(
        id=dispatch_id,
        source=source,
        url=record.get("url") or None,
        language=language,
        published=published,
        precision=precision,
        title=title,
        text=text,
    )
