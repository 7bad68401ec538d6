"""``gdlearn lab``: the lab's page on a local web server, opened in the default browser.

It listens on 127.0.0.1 only (never on the network), prints its address,
opens the page with ``webbrowser`` unless ``--no-browser``, and serves until
Ctrl-C, which stops it cleanly (exit status 0: stopping is how a server ends).
A port that is taken or out of range is a user error: one line, exit 1.
"""

from __future__ import annotations

import argparse
import webbrowser

from .options import Subparsers, command_parser


def add_lab(subparsers: Subparsers) -> None:
    parser = command_parser(subparsers, "lab")
    parser.add_argument(
        "--port", type=int, default=8765, metavar="N",
        help="the port on 127.0.0.1 (default: 8765; 0: any free port)",
    )  # fmt: skip
    parser.add_argument("--no-browser", action="store_true", help="print the address, do not open a browser")
    parser.set_defaults(run=run_lab)


def run_lab(args: argparse.Namespace) -> int:
    from ..lab.server import open_server

    server = open_server(args.port)
    try:
        print(f"gdlearn lab: {server.url}  (Ctrl-C stops it)", flush=True)
        if not args.no_browser and not webbrowser.open(server.url):
            print("gdlearn lab: no browser could be opened; open the address above in one", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        print("gdlearn lab: stopped", flush=True)
    finally:
        server.server_close()
    return 0
