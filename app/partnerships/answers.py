"""One department's assessment of one partnership, as both sides check it.

The values form (kept in the workspace, in issued items and return entries)::

    {"scores": {"<CRITERION>": {"score": int | None, "comment": str | None}, ...},
     "recommendation": {"choice": "continue" | ... | None, "comment": str | None}}

On the wire (a return's ``answers``) the scores are a list of ``{"criterion", "score",
"comment"}`` (a closed record cannot have criterion codes as keys). The merge compares units:
``score:<CRITERION>`` and ``recommendation``.
"""

from __future__ import annotations

from typing import Any

from app.errors import InvalidInput
from app.i18n import N_, Message
from app.models import Recommendation

MAX_TEXT = 20_000
CHOICES = tuple(choice.value for choice in Recommendation)


def empty(criteria: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "scores": {c["code"]: {"score": None, "comment": None} for c in criteria},
        "recommendation": {"choice": None, "comment": None},
    }


def checked_text(value: Any, label: Message) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise InvalidInput(
            Message(
                N_("{field} must be a text of at most {limit} characters."),
                field=label,
                limit=MAX_TEXT,
            )
        )
    return value.strip() or None


def normalized(raw: Any, criteria: list[dict[str, Any]], scale: dict[str, int]) -> dict[str, Any]:
    """``raw`` (values form) checked against the round's criteria and scale; every criterion
    present (unscored ones with ``None``). Raises :class:`InvalidInput` naming the problem."""
    if not isinstance(raw, dict):
        raise InvalidInput(Message(N_("An assessment must be a record.")))
    codes = [c["code"] for c in criteria]
    result = empty(criteria)
    scores = raw.get("scores") or {}
    if not isinstance(scores, dict):
        raise InvalidInput(Message(N_("An assessment must be a record.")))
    for code, entry in scores.items():
        if code not in codes:
            raise InvalidInput(
                Message(
                    N_("There is no criterion {code} in this round; criteria: {codes}."),
                    code=code,
                    codes=", ".join(codes),
                )
            )
        if not isinstance(entry, dict):
            raise InvalidInput(Message(N_("An assessment must be a record.")))
        score = entry.get("score")
        if score is not None and (
            isinstance(score, bool)
            or not isinstance(score, int)
            or not scale["min"] <= score <= scale["max"]
        ):
            raise InvalidInput(
                Message(
                    N_("The score for {code} must be a whole number from {low} to {high}."),
                    code=code,
                    low=scale["min"],
                    high=scale["max"],
                )
            )
        result["scores"][code] = {
            "score": score,
            "comment": checked_text(entry.get("comment"), Message(N_("Comment"))),
        }
    recommendation = raw.get("recommendation") or {}
    if not isinstance(recommendation, dict):
        raise InvalidInput(Message(N_("An assessment must be a record.")))
    choice = recommendation.get("choice")
    if choice is not None and choice not in CHOICES:
        raise InvalidInput(
            Message(N_("The recommendation must be one of: {choices}."), choices=", ".join(CHOICES))
        )
    result["recommendation"] = {
        "choice": choice,
        "comment": checked_text(recommendation.get("comment"), Message(N_("Comment"))),
    }
    return result


def problem(values: dict[str, Any], criteria: list[dict[str, Any]]) -> Message | None:
    """Why ``values`` (normalized) is not a complete assessment, or ``None``."""
    unscored = [c["code"] for c in criteria if values["scores"][c["code"]]["score"] is None]
    if unscored:
        return Message(N_("no score yet for: {codes}"), codes=", ".join(unscored))
    if values["recommendation"]["choice"] is None:
        return Message(N_("no recommendation yet"))
    return None


def units(values: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {
        f"score:{code}": dict(entry) for code, entry in values["scores"].items()
    }
    found["recommendation"] = dict(values["recommendation"])
    return found


def to_wire(code: str, values: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": code,
        "scores": [
            {"criterion": criterion, "score": entry["score"], "comment": entry["comment"]}
            for criterion, entry in values["scores"].items()
        ],
        "recommendation": values["recommendation"]["choice"],
        "recommendation_comment": values["recommendation"]["comment"],
    }


def from_wire(answer: dict[str, Any]) -> dict[str, Any]:
    """The values form of a wire answer; a criterion scored twice is refused."""
    scores: dict[str, Any] = {}
    for entry in answer["scores"]:
        if entry["criterion"] in scores:
            raise InvalidInput(
                Message(N_("The criterion {code} is scored twice."), code=entry["criterion"])
            )
        scores[entry["criterion"]] = {"score": entry["score"], "comment": entry["comment"]}
    return {
        "scores": scores,
        "recommendation": {
            "choice": answer["recommendation"],
            "comment": answer["recommendation_comment"],
        },
    }
