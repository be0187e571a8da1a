"""Every value a partner sends, checked against the workshop's matrix and issues."""

from __future__ import annotations

from csscore.workshop.assessment import MAX_NOTE_CHARS, Assessment

Grading = tuple[str, dict[str, str], str | None, str | None]


class Invalid(ValueError):
    """A value the workshop does not accept (answered 422 with the message)."""


def check_partner_name(value: object) -> str:
    """A partner's name as the ``partner`` column will hold it, by the rule that column is read
    with (config/partners.py partner_problem), so every name the workshop takes reads back."""
    from csscore.config.partners import partner_problem

    if not isinstance(value, str):
        raise Invalid("the partner name must be text")
    name = " ".join(value.split())
    if not name:
        raise Invalid("the partner name is empty")
    problem = partner_problem(name)
    if problem:
        raise Invalid(problem)
    return name


def check_grading(assessment: Assessment, body: dict[str, object]) -> Grading:
    """(issue, {factor: level or '' to clear}, confidence or None, notes or None) from a
    ``PUT /api/v1/grades`` body; raises Invalid naming the first bad value."""
    from csscore.config.district import check_text

    extra = set(body) - {"issue", "grades", "confidence", "notes"}
    if extra:
        raise Invalid(f"unknown field {sorted(extra)[0]!r}")
    name = body.get("issue")
    issue = assessment.issue(name) if isinstance(name, str) else None
    if issue is None:
        raise Invalid(f"unknown issue {str(name)[:200]!r}")
    grades: dict[str, str] = {}
    given = body.get("grades", {})
    if not isinstance(given, dict):
        raise Invalid("grades must be an object {FACTOR_ID: LABEL}")
    for factor_id, label in given.items():
        factor = assessment.factor(factor_id)
        if factor is None:
            raise Invalid(f"unknown factor {str(factor_id)[:100]!r}")
        if not isinstance(label, str):
            raise Invalid(f"the grade of {factor_id} must be a label")
        level = assessment.level(factor, label) if label else ""
        if level is None:
            labels = ", ".join(lv.label for lv in assessment.matrix.scale(factor.scale).levels)
            raise Invalid(f"{label[:100]!r} is not a level of {factor_id} ({labels})")
        grades[factor_id] = level
    confidence = body.get("confidence")
    if confidence is not None:
        if not isinstance(confidence, str):
            raise Invalid("confidence must be a label")
        known = assessment.confidence(confidence) if confidence else ""
        if known is None:
            choices = ", ".join(assessment.matrix.confidence)
            raise Invalid(f"{confidence[:100]!r} is not a confidence ({choices})")
        confidence = known
    notes = body.get("notes")
    if notes is not None:
        if not isinstance(notes, str):
            raise Invalid("notes must be text")
        notes = notes.replace("\r\n", "\n").strip()
        if len(notes) > MAX_NOTE_CHARS:
            raise Invalid(f"notes are over {MAX_NOTE_CHARS} characters")
        problem = check_text(notes, "note") if notes else None
        if problem:
            raise Invalid(problem)
    return issue, grades, confidence, notes
