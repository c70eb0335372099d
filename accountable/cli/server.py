"""`accountable stop`: stop the resident embedded store for a data folder."""

from __future__ import annotations

import typer

from accountable.cli.common import EXIT_STORE, DataDirOpt, JsonOpt, emit_json, fail, out


def stop(data_dir: DataDirOpt = None, as_json: JsonOpt = False) -> None:
    """Stop the resident embedded store of the data folder, if one is running, and this
    user's facts-folder watchers.

    The first command that needs the embedded store starts it in the background; it exits
    by itself after ACCOUNTABLE_IDLE seconds unused (default 900). Nothing is lost by
    stopping it: every load saved its data before it reported success. A watcher (see
    README, "Load is a sync") exits by itself after ACCOUNTABLE_WATCH_IDLE seconds (3600).
    """
    from accountable.graph import daemon, watch
    from accountable.graph.store import default_data_dir

    folder = data_dir or default_data_dir()
    try:
        was = daemon.stop(folder)
    except daemon.DaemonError as e:
        raise fail(str(e), EXIT_STORE) from None
    watched = watch.stop_all()
    if as_json:
        emit_json({"data_dir": str(folder), "stopped": was is not None,
                   **({"pid": was["pid"]} if was else {}), "watchers_stopped": watched})
    elif was is None:
        out.print(f"No resident store was running for {folder}.")
    else:
        out.print(f"Stopped the resident store for {folder} (pid {was['pid']}).")
    for root in [] if as_json else watched:
        out.print(f"Stopped the watcher of {root}.")


def register(app: typer.Typer) -> None:
    app.command("stop")(stop)
