"""Serving a workshop with uvicorn on a socket bound before the start lines are printed (so
``--port 0`` prints the port the system chose)."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

from csscore.errors import CsscoreError
from csscore.workshop.store import Store


def is_loopback(host: str) -> bool:
    """Whether a host name or address is this machine only."""
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A TCP socket listening on ``host``:``port`` (0: any free port); raises a one-line error."""
    try:
        family = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)[0][0]
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(2048)  # connections made once the start lines are out queue, never refused
    except OSError as exc:
        raise CsscoreError.at(f"{host}:{port}", f"cannot listen: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


def base_url(host: str, sock: socket.socket) -> str:
    """``http://HOST:PORT`` for the address a socket is bound to."""
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}"


def start_lines(store: Store, url: str) -> tuple[str, str]:
    """The two lines the workshop prints first: the facilitator's link and the partners'."""
    return f"facilitator: {url}/f/{store.facilitator}", f"partners: {url}/join/{store.code}"


def serve(store: Store, sock: socket.socket) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM end it cleanly), then close the database."""
    import uvicorn

    from csscore.workshop.app import build_app

    config = uvicorn.Config(
        build_app(store),
        log_level="warning",
        access_log=False,
        lifespan="off",
        server_header=False,
        timeout_graceful_shutdown=5,
    )
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        store.close()


def default_db(file: Path) -> Path:
    """The database beside a workshop's file: ``FILE.workshop.sqlite``."""
    return file.with_name(file.name + ".workshop.sqlite")
