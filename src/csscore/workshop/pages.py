"""The HTML pages: a plain landing page, joining, a partner's grading page and the facilitator's
page, rendered with Jinja2 (autoescaped). The pages carry no inline script: the one script,
``static/workshop.js``, reads the page's bearer token from a ``data-`` attribute."""

from __future__ import annotations

from urllib.parse import parse_qs

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from csscore.config.partners import MAX_PARTNER_CHARS
from csscore.workshop.assessment import MAX_NOTE_CHARS
from csscore.workshop.export import export_csv, export_xlsx
from csscore.workshop.security import Guard, read_body
from csscore.workshop.store import NameTaken, RoundClosed, Store
from csscore.workshop.validate import Invalid, check_partner_name

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Pages:
    """The HTML handlers over one workshop."""

    def __init__(self, store: Store, guard: Guard) -> None:
        self.store = store
        self.guard = guard
        self.env = Environment(
            loader=PackageLoader("csscore.workshop", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
        )
        # the forms' limits are the server's: a name or note the form takes is never refused
        self.env.globals.update(max_partner_chars=MAX_PARTNER_CHARS, max_note_chars=MAX_NOTE_CHARS)

    def render(self, template: str, status: int = 200, **values: object) -> HTMLResponse:
        html = self.env.get_template(template).render(
            district=self.store.assessment.district, **values
        )
        return HTMLResponse(html, status_code=status)

    async def landing(self, request: Request) -> Response:
        return self.render("landing.html")

    async def join(self, request: Request) -> Response:
        code = str(request.path_params["code"])
        self.guard.in_path(request, code, "code")
        if request.method == "GET":
            return self.render("join.html", code=code, open=self.store.is_open())
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/x-www-form-urlencoded":
            raise HTTPException(415, "send the form as application/x-www-form-urlencoded")
        form = parse_qs((await read_body(request)).decode("utf-8", "replace"))
        name = form.get("partner", [""])[0]
        try:
            partner = self.store.add_partner(check_partner_name(name))
        except Invalid as exc:
            return self.render("join.html", 422, code=code, open=True, error=str(exc), name=name)
        except (NameTaken, RoundClosed) as exc:
            message = exc.problems[0].message
            is_open = self.store.is_open()
            return self.render("join.html", 409, code=code, open=is_open, error=message, name=name)
        return RedirectResponse(f"/p/{partner.token}", status_code=303)

    async def partner(self, request: Request) -> Response:
        credential = self.guard.in_path(request, str(request.path_params["token"]), "partner")
        partner = credential.partner
        assert partner is not None
        assessment = self.store.assessment
        matrix = assessment.matrix
        saved = {s.issue: s for s in self.store.saved(partner)}
        factors = [(f, matrix.scale(f.scale).levels) for f in matrix.factors]
        return self.render(
            "partner.html",
            token=partner.token,
            partner=partner.name,
            issues=list(enumerate(assessment.issues)),
            factors=factors,
            confidence=matrix.confidence,
            saved=saved,
            graded=self.store.graded(partner),
            total=len(assessment.issues),
            open=self.store.is_open(),
        )

    async def facilitator(self, request: Request) -> Response:
        token = str(request.path_params["token"])
        self.guard.in_path(request, token, "facilitator")
        join = f"{request.url.scheme}://{request.url.netloc}/join/{self.store.code}"
        return self.render(
            "facilitator.html",
            token=token,
            join=join,
            issues=self.store.assessment.issues,
            factors=self.store.assessment.matrix.factors,
            open=self.store.is_open(),
        )

    async def export(self, request: Request) -> Response:
        self.guard.in_path(request, str(request.path_params["token"]), "facilitator")
        stem = self.store.assessment.stem
        if request.path_params["kind"] not in ("csv", "xlsx"):
            raise HTTPException(404, "no such page")
        if request.path_params["kind"] == "xlsx":
            body: str | bytes = export_xlsx(self.store)
            media = XLSX
        else:
            body, media = export_csv(self.store), "text/csv; charset=utf-8"
        kind = request.path_params["kind"]
        disposition = f'attachment; filename="{stem}-partners.{kind}"'
        return Response(body, media_type=media, headers={"Content-Disposition": disposition})
