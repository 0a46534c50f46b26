"""The `renewal-radar` command line's front: parses arguments, then imports only what runs.

`--help`, `--version` and a mistyped command answer from here, with the standard
library alone (a tenth of the time the whole service takes to import). `check-config`
runs here too, importing only what validating the config needs (`alerts.config` and
Apprise's plugin for each notify scheme, not the service: a fifth of the time). Any
other command hands its parsed arguments to `scheduler.run`, which imports the service.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alerts import ConfigError

DESCRIPTION = (
    "Renewal Radar's composition root: reads config.yaml, wires the packages, runs the CLI and "
    "daemon."
)

COMMANDS: dict[str, str] = {
    "check-config": "validate the config; exit 2 listing every problem",
    "run": "run the daemon until SIGTERM/SIGINT",
    "once": "one full cycle (all sources, detection, delivery), then exit",
    "detect": "offline detection over JSON lines; nothing stored or sent",
    "explain": "show what detection sees in one story, and why it fires or not",
    "status": "sources, recent events, pending and failed deliveries",
    "db": "database maintenance: `db upgrade` applies migrations",
    "deliveries": "`deliveries retry` queues dead deliveries again",
    "test-notify": "send a test message to one subscriber's targets",
    "worker": "a Celery worker (executor: celery): runs fetches, detection, delivery",
    "web": "serve the fans' pages, Atom feeds, JSON API and /healthz",
}
"""Each command and its one-line help; `scheduler.COMMANDS` says what runs it."""


class _Version(argparse.Action):
    """`--version`, reading the installed version only when asked (importlib.metadata is slow)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(f"renewal-radar {version()}")
        parser.exit()


def version() -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version("renewal-radar")
    except importlib.metadata.PackageNotFoundError:  # run from a checkout that was not installed
        return "unknown (not installed)"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="renewal-radar", description=DESCRIPTION)
    default = os.environ.get("RENEWAL_RADAR_CONFIG", "config.yaml")
    p.add_argument("-c", "--config", default=default, help=f"config file (default: {default})")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    p.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    # The same options after the command (`check-config -c x.yaml`); given there, they win.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-c", "--config", default=argparse.SUPPRESS, help="config file")
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                        help="debug logging")  # fmt: skip
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_ in COMMANDS.items():
        cmd = sub.add_parser(name, help=help_, description=help_, parents=[common])
        if name == "once":
            cmd.add_argument("--force", action="store_true", help="also poll sources backing off")
        elif name == "detect":
            cmd.add_argument(
                "--jsonl",
                required=True,
                metavar="FILE",
                help='JSON lines {"id","title","text"}; - for stdin',
            )
        elif name == "explain":
            what = cmd.add_mutually_exclusive_group()
            what.add_argument("url", nargs="?", help="a stored story's URL")
            what.add_argument("--text", help="the story's words")
            cmd.add_argument(
                "--headline", default="", help="the story's headline (with --text or alone)"
            )
            cmd.add_argument(
                "--fetch", action="store_true", help="with a URL: read the page if not stored"
            )
        elif name == "db":
            cmd.add_argument("action", choices=["upgrade"])
        elif name == "deliveries":
            cmd.add_argument("action", choices=["retry"])
            cmd.add_argument("--subscriber", help="only this subscriber's deliveries")
        elif name == "test-notify":
            cmd.add_argument("name", help="a subscriber's name from the config")
        elif name == "worker":
            cmd.add_argument("--concurrency", type=int, help="tasks at once (celery.concurrency)")
    return p


def cli() -> int:
    """The installed `renewal-radar`: `main`, in a process that ends as soon as it returns.

    The cycle collector starts paused: modules, classes and their tables live as long as
    the process, so its hundred passes over the heap growing under the imports find
    nothing to free. `main` turns it on once the service is imported (the daemon makes
    garbage cycles), with what the imports made frozen (gc.freeze): else the first passes
    after it would each walk that whole heap again, to move it up the generations (about
    0.03 s of `once`); check-config, which only reads one file, ends with it still paused.
    On the way out the interpreter would search the whole heap for cycles, to free memory
    the process hands back anyway: every command closes its database and clients itself,
    so the heap is left to the exit (gc.freeze). Together, about 0.07 s: a fifth of
    check-config's CPU. Only here: tests run `main` many times in one process.
    """
    gc.disable()
    code = main(own_process=True)
    gc.freeze()
    return code


def main(argv: Sequence[str] | None = None, own_process: bool = False) -> int:
    args = parser().parse_args(argv)
    if args.command == "check-config":
        return check_config(args)
    import scheduler  # the service: every library a command may need

    if own_process:  # (tests call `main` again and again: frozen, their garbage would stay)
        gc.freeze()  # the modules just loaded live as long as the process
    gc.enable()  # paused by `cli` while the libraries load
    return scheduler.run(args)


def check_config(args: argparse.Namespace) -> int:
    """`check-config`: exit 0 naming what the config holds, or 2 listing every problem."""
    from alerts import ConfigError, load_config

    log_to_stderr(args.verbose)
    try:
        config = load_config(args.config)
        print(f"{args.config}: ok ({config.summary()})")
    except ConfigError as e:
        return config_problems(e)
    except BrokenPipeError:
        return 0
    return 0


def log_to_stderr(verbose: bool) -> None:
    """Every command's logging: INFO lines on stderr (DEBUG and Apprise's own with -v)."""
    from alerts import QuietApprise

    console = logging.StreamHandler(sys.stderr)
    if not verbose:
        console.addFilter(QuietApprise())  # one line per send is ours; -v shows Apprise's too
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=[console],
    )
    if not verbose:  # their INFO lines are about their own machinery
        for name in ("alembic", "apscheduler", "httpx", "httpcore"):
            logging.getLogger(name).setLevel(logging.WARNING)


def config_problems(error: ConfigError) -> int:
    """A config that cannot be used: each problem on its own line, prefixed by the file; 2."""
    for problem in error.problems:
        print(f"{error.path}: {problem}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(cli())
