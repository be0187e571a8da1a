"""The JSON API under ``/api/v1`` (docs/workshop.md is its contract). Credentials go as
``Authorization: Bearer <secret>``; every answer that is not 2xx is ``{"error": message}``."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from csscore.workshop.security import Guard, read_json
from csscore.workshop.store import NameTaken, RoundClosed, Store
from csscore.workshop.validate import Invalid, check_grading, check_partner_name


class Api:
    """The API's handlers over one workshop."""

    def __init__(self, store: Store, guard: Guard) -> None:
        self.store = store
        self.guard = guard

    async def assessment(self, request: Request) -> Response:
        self.guard.bearer(request, "code", "partner", "facilitator")
        return JSONResponse(self.store.assessment.as_dict())

    async def add_partner(self, request: Request) -> Response:
        self.guard.bearer(request, "code")
        body = await read_json(request)
        try:
            if set(body) != {"partner"}:
                raise Invalid('the body must be {"partner": NAME}')
            name = check_partner_name(body["partner"])
            partner = self.store.add_partner(name)
        except Invalid as exc:
            raise HTTPException(422, str(exc)) from None
        except (NameTaken, RoundClosed) as exc:
            raise HTTPException(409, exc.problems[0].message) from None
        return JSONResponse({"token": partner.token}, status_code=201)

    async def save_grades(self, request: Request) -> Response:
        credential = self.guard.bearer(request, "partner")
        partner = credential.partner
        assert partner is not None
        body = await read_json(request)
        try:
            grading = check_grading(self.store.assessment, body)
        except Invalid as exc:
            raise HTTPException(422, str(exc)) from None
        try:
            graded = self.store.save(partner, *grading)
        except RoundClosed:
            raise HTTPException(409, "the round is closed") from None
        issues = len(self.store.assessment.issues)
        return JSONResponse({"issue": grading[0], "graded": graded, "issues": issues})

    async def own_grades(self, request: Request) -> Response:
        partner = self.guard.bearer(request, "partner").partner
        assert partner is not None
        saved = {
            s.issue: {"grades": s.grades, "confidence": s.confidence, "notes": s.notes}
            for s in self.store.saved(partner)
        }
        return JSONResponse(
            {
                "partner": partner.name,
                "graded": self.store.graded(partner),
                "open": self.store.is_open(),
                "issues": saved,
            }
        )

    async def progress(self, request: Request) -> Response:
        self.guard.bearer(request, "facilitator")
        return JSONResponse(
            {
                "open": self.store.is_open(),
                "issues": len(self.store.assessment.issues),
                "partners": [{"partner": n, "graded": g} for n, g in self.store.progress()],
            }
        )

    async def round(self, request: Request) -> Response:
        self.guard.bearer(request, "facilitator")
        body = await read_json(request)
        value = body.get("open")
        if set(body) != {"open"} or not isinstance(value, bool):
            raise HTTPException(422, 'the body must be {"open": true} or {"open": false}')
        self.store.set_open(value)
        return JSONResponse({"open": value})

    async def grid(self, request: Request) -> Response:
        """The partners x factors grid of one issue (``?issue=NAME``)."""
        self.guard.bearer(request, "facilitator")
        assessment = self.store.assessment
        issue = assessment.issue(request.query_params.get("issue", ""))
        if issue is None:
            raise HTTPException(422, "unknown issue")
        rows = {s.partner: s for s in self.store.saved() if s.issue == issue}
        partners = sorted(self.store.partner_names(), key=lambda n: (n.casefold(), n))
        return JSONResponse(
            {
                "issue": issue,
                "factors": list(assessment.matrix.factor_ids),
                "partners": [
                    {
                        "partner": name,
                        "grades": rows[name].grades if name in rows else {},
                        "confidence": rows[name].confidence if name in rows else "",
                    }
                    for name in partners
                ],
            }
        )

    async def results(self, request: Request) -> Response:
        self.guard.bearer(request, "facilitator")
        from csscore.workshop.results import agreement_json

        text = await run_in_threadpool(agreement_json, self.store)
        return Response(text, media_type="application/json")

    async def ranking(self, request: Request) -> Response:
        self.guard.bearer(request, "facilitator")
        from csscore.workshop.results import ranking_json

        text = await run_in_threadpool(ranking_json, self.store)
        return Response(text, media_type="application/json")
