"""Scale-out: Celery workers on Redis, PostgreSQL as the store, one elected scheduler.

The commands import this package only with `executor: celery` (Celery is an
optional extra). It may import `scheduler`, `alerts` and `scraper`; nothing in
those packages imports it, and `scheduler` only from inside its commands.
"""

from .app import DELIVER, DETECT, RUN_SOURCE, Tasks, make_app
from .leader import Leader, lead
from .locks import Lease, holder, section
from .status import cluster_lines
from .ticks import claim_tick, finish_tick, tick_of
from .worker import run_worker

__all__ = [
    "DELIVER",
    "DETECT",
    "RUN_SOURCE",
    "Leader",
    "Lease",
    "Tasks",
    "claim_tick",
    "cluster_lines",
    "finish_tick",
    "holder",
    "lead",
    "make_app",
    "run_worker",
    "section",
    "tick_of",
]
