"""What guards every request: who a secret belongs to, the limit on wrong secrets, the cap on
request bodies and the headers every answer carries."""

from __future__ import annotations

import hmac
import json
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Literal

from starlette.exceptions import HTTPException
from starlette.requests import Request

from csscore.workshop.store import Partner, Store

#: Largest request body read (bytes); a larger one is answered 413 unread.
MAX_BODY = 64 * 1024
#: Wrong secrets one client address may send within WINDOW seconds before it is answered 429.
MAX_FAILURES = 20
WINDOW = 60.0

#: Scripts, styles, pictures and connections from this server only; no inline script or style,
#: no framing, forms post here only.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
    "object-src 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
]

Role = Literal["code", "partner", "facilitator"]
Scope = MutableMapping[str, object]
Message = MutableMapping[str, object]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


class SecurityHeaders:
    """ASGI middleware adding :data:`HEADERS` to every response."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                assert isinstance(headers, list)
                headers.extend(HEADERS)
            await send(message)

        await self.app(scope, receive, send_with_headers)


@dataclass(frozen=True)
class Credential:
    """Whose secret a request carries."""

    role: Role
    partner: Partner | None = None


class Guard:
    """Checks secrets against a workshop and limits wrong ones per client address."""

    def __init__(self, store: Store, clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}

    def _client(self, request: Request) -> str:
        return request.client.host if request.client else "unknown"

    def check_limit(self, request: Request) -> None:
        """429 for a client that sent too many wrong secrets lately."""
        failures = self._failures.get(self._client(request))
        if not failures:
            return
        now = self.clock()
        while failures and now - failures[0] > WINDOW:
            failures.popleft()
        if len(failures) >= MAX_FAILURES:
            retry = max(1, int(WINDOW - (now - failures[0])) + 1)
            raise HTTPException(
                429, "too many wrong secrets; try again later", {"Retry-After": str(retry)}
            )

    def fail(self, request: Request) -> None:
        """Count a wrong secret against the request's client."""
        client = self._client(request)
        self._failures.setdefault(client, deque()).append(self.clock())
        if len(self._failures) > 10_000:  # forget the oldest clients, never grow without end
            self._failures.pop(next(iter(self._failures)))

    def identify(self, secret: str) -> Credential | None:
        """The credential a secret is, or None."""
        store = self.store
        if hmac.compare_digest(secret.encode(), store.facilitator.encode()):
            return Credential("facilitator")
        if hmac.compare_digest(secret.encode(), store.code.encode()):
            return Credential("code")
        partner = store.partner(secret)
        return Credential("partner", partner) if partner else None

    def bearer(self, request: Request, *roles: Role) -> Credential:
        """The request's ``Authorization: Bearer`` credential, of one of ``roles``: 401 without
        a valid one, 403 for a valid one of another role."""
        self.check_limit(request)
        header = request.headers.get("authorization", "")
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise HTTPException(401, "a credential is needed", {"WWW-Authenticate": "Bearer"})
        credential = self.identify(secret.strip())
        if credential is None:
            self.fail(request)
            raise HTTPException(401, "unknown credential", {"WWW-Authenticate": "Bearer"})
        if credential.role not in roles:
            raise HTTPException(403, f"this needs the {' or '.join(roles)} credential")
        return credential

    def in_path(self, request: Request, secret: str, role: Role) -> Credential:
        """The credential a secret in a page's path is: 404 for anything else."""
        self.check_limit(request)
        credential = self.identify(secret)
        if credential is None or credential.role != role:
            self.fail(request)
            raise HTTPException(404, "no such page")
        return credential


async def read_body(request: Request) -> bytes:
    """The request's body, at most :data:`MAX_BODY` bytes (413 past it, unread)."""
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
        raise HTTPException(413, f"request body over {MAX_BODY} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise HTTPException(413, f"request body over {MAX_BODY} bytes")
    return bytes(body)


async def read_json(request: Request) -> dict[str, object]:
    """A JSON object body (415 for another content type, 400 for bad JSON or not an object)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise HTTPException(415, "send the body as application/json")
    body = await read_body(request)
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise HTTPException(400, "the body is not JSON") from None
    if not isinstance(data, dict):
        raise HTTPException(400, "the body must be a JSON object")
    return data
