"""`accountable serve`: the graph as a local web app (pages, JSON API, draft review)."""

from __future__ import annotations

from typing import Annotated

import typer

from accountable.cli.common import (
    EXIT_STORE,
    EXIT_USAGE,
    DataDirOpt,
    Neo4jOpt,
    PasswordOpt,
    SeedsOpt,
    UriOpt,
    UserOpt,
    err,
    errors,
    fail,
    graph_for,
    out,
)


def serve(
    host: Annotated[str, typer.Option(
        "--host", help="Address to listen on. Anything but 127.0.0.1 lets other machines "
                       "read the graph (writes still need the page's token).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535,
                                      help="Port (0: any free one).")] = 8765,
    open_: Annotated[bool, typer.Option("--open", metavar="", help="Open the site in the browser.")]
    = False,
    neo4j: Neo4jOpt = False, data_dir: DataDirOpt = None, neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None, neo4j_password: PasswordOpt = None, seeds: SeedsOpt = None,
) -> None:
    """Serve the graph as a local web site: search, councils with the map and its date
    slider, people, inspections, sources with their quotes marked, the canned questions,
    a JSON API equal to the commands' --json, and drafts reviewed in the browser.

    Nothing is fetched from the network. Ctrl-C stops it.
    """
    import socket
    import webbrowser

    import uvicorn

    from accountable.web.app import Config, create_app

    # Open the store once before listening: a store that cannot start, or facts that do not
    # validate, fail here with the CLI's message rather than on the first page.
    with errors(), graph_for(neo4j, data_dir, neo4j_uri, neo4j_user, neo4j_password,
                             seeds=seeds) as graph:
        engine = graph.engine
    config = Config(neo4j=neo4j, data_dir=data_dir, uri=neo4j_uri, user=neo4j_user,
                    password=neo4j_password, seeds=seeds, host=host)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)  # connections wait for the app from here on, none is refused
    except OSError as e:
        sock.close()
        raise fail(f"cannot listen on {host}:{port}: {e.strerror}; choose another --port",
                   EXIT_USAGE if port else EXIT_STORE) from None
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{bound}/"
    out.print(f"accountable serve: {url} ({engine} store). Ctrl-C stops it.", soft_wrap=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"warning: listening on {host}: other machines can read the graph.")
    if open_ and not webbrowser.open(url):
        err.print(f"could not open a browser here; open {url} yourself")
    server = uvicorn.Server(uvicorn.Config(create_app(config), log_level="warning",
                                           access_log=False, lifespan="off"))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    out.print("stopped")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
