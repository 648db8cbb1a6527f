"""``docgen serve`` and ``docgen office manifest``: the page, and Excel's way to it."""

from __future__ import annotations

import contextlib
import errno
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from docgen.cli.common import DebugOption, err, guarded
from docgen.errors import ServeError, Terminated
from docgen.files import write_atomic

if TYPE_CHECKING:
    from docgen.options import MergeOptions


office_app = typer.Typer(name="office", help="The Excel and Word task pane (Office add-in).",
                         no_args_is_help=True)


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on; anything but "
                                      "loopback needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8765,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the page in the browser.")
                            ] = False,
    token: Annotated[str | None, typer.Option(
        "--token", help="Access token every request must carry (generated when listening "
        "beyond loopback and none is given).")] = None,
    allow_host: Annotated[list[str] | None, typer.Option(
        "--allow-host", help="A host name the page is reached by (repeatable), e.g. the "
        "server's name on the firm network.")] = None,
    cert: Annotated[Path | None, typer.Option("--cert", help="TLS certificate (PEM), for "
                                              "https (Office requires it).")] = None,
    key: Annotated[Path | None, typer.Option("--key", help="TLS private key (PEM).")] = None,
    office_js: Annotated[str | None, typer.Option(
        "--office-js", help="Where the task pane loads Office.js from (default: Microsoft's "
        "address); a firm's own hosted copy.")] = None,
    debug: DebugOption = False,
) -> None:
    """Serve docgen's page: check a workbook, see its deadlines, download the notices."""
    import secrets
    import threading
    import webbrowser

    import uvicorn

    from docgen.web.app import OFFICE_JS, Settings, create_app
    from docgen.web.guards import LOOPBACK
    from docgen.web.server import config

    with guarded(debug):
        from docgen.cli.common import announce_settings, from_settings_file
        from docgen.config import find_config

        if any(key == "office_js" for _flag, key, _value in from_settings_file()):
            raise ServeError("office_js is taken only from the command line (--office-js): "
                             "the page would run that script; remove it from docgen.toml")
        if token is not None and len(token.strip()) < 8:
            raise ServeError("--token must be at least 8 characters (an empty token would let "
                             "anyone in); leave it out and docgen makes one")
        config_file = find_config(None)
        announce_settings(config_file)
        options, note = page_options(config_file)
        if (cert is None) != (key is None):
            raise ServeError("--cert and --key go together")
        for path in (cert, key):
            if path is not None and not path.is_file():
                raise ServeError(f"{path}: not found")
        if host not in LOOPBACK and token is None:
            token = secrets.token_urlsafe(24)
        _port_free(host, port)
        if host not in LOOPBACK:
            err.print(f"warning: listening on {host}: anyone who can reach this address and "
                      "has the token can upload a workbook; use https (--cert/--key) on a "
                      "network", markup=False)
            if not allow_host:
                err.print(f"note: the page answers only to the names it was started for; "
                          f"add --allow-host {socket.gethostname()} (and any other name "
                          "people type) to reach it by this machine's name", markup=False)
        settings = Settings(token=token, hosts=(host, *(allow_host or [])),
                            office_js=office_js or OFFICE_JS, options=options, config=config_file,
                            config_note=note)
        app = create_app(settings)
    scheme = "https" if cert else "http"
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    url = f"{scheme}://{shown}:{port}/" + (f"?token={token}" if token else "")
    typer.echo(f"docgen is serving {url} (Ctrl-C to stop)")
    if open_browser:
        threading.Timer(0.8, webbrowser.open, args=(url,)).start()
    # Ctrl-C or SIGTERM is how a server stops; uvicorn has shut down cleanly by then.
    with contextlib.suppress(KeyboardInterrupt, Terminated):
        uvicorn.Server(config(app, host, port, cert, key)).run()
    err.print("docgen stopped; the workbooks it held were deleted", markup=False)


def _port_free(host: str, port: int) -> None:
    """A taken port is one line before anything says "serving"."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                raise ServeError(f"port {port} is in use (another docgen serve?); use --port "
                                 "to choose another") from None
            raise ServeError(f"--host {host}: cannot listen there ({exc.strerror})") from None


def page_options(config: Path | None) -> tuple[MergeOptions, str]:
    """The page's options: the closures and ``[merge]`` defaults of the ``docgen.toml``
    in the folder ``docgen serve`` started in, and a line saying so for the page."""
    from docgen.config import load_settings
    from docgen.options import MergeOptions
    from docgen.rules.business_days import default_calendar

    settings = load_settings(config)
    calendar = default_calendar().with_closures(settings.closures)
    options = MergeOptions.from_settings(settings, None, calendar=calendar)
    if config is None:
        return options, ""
    said = [f"closures {', '.join(c.day.isoformat() for c in settings.closures)}"
            if settings.closures else ""]
    said += [f"[merge] {key} = {value}" for key, value in
             settings.options.get("merge", {}).items()]
    return options, f"Settings from {config}: {'; '.join(s for s in said if s) or 'none'}"


@office_app.command("manifest")
def manifest_command(
    url: Annotated[str, typer.Option("--url", help="The https address docgen is served at, "
                                     "e.g. https://docgen.firm.internal:8765")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the manifest here "
                                             "(default: print it).")] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing file.")
                         ] = False,
    debug: DebugOption = False,
) -> None:
    """Write the Office add-in manifest (Excel and Word) for a docgen server."""
    from docgen.web.manifest import ManifestError, manifest_xml

    with guarded(debug):
        try:
            data = manifest_xml(url.rstrip("/"))
        except ManifestError as exc:
            raise ServeError(str(exc)) from None
        if out is None:
            typer.echo(data.decode(), nl=False)
            return
        write_atomic(out, data, exclusive=not overwrite)
    err.print(f"wrote {out}; upload it in the Microsoft 365 admin center (Integrated apps) "
              "or sideload it (see the README)", markup=False)
