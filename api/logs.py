"""One JSON object per log line, on the `blanko.api` logger."""

from __future__ import annotations

import json
import logging
import sys
import traceback
from typing import Any

log = logging.getLogger("blanko.api")


def event(name: str, level: int = logging.INFO, error: BaseException | None = None,
          **fields: Any) -> None:
    """Log {"event": name, **fields}; an error's traceback goes in as one string.

    Nothing is built when the logger would drop the line. The record is made here, as
    `log.log` would make it, less its search of the stack for the caller (which always
    found this function): a third of the request log line's cost on every request."""
    if not log.isEnabledFor(level):
        return
    record: dict[str, Any] = {"event": name, **fields}
    if error is not None:
        record["error"] = "".join(traceback.format_exception(error))
    line = json.dumps(record, default=str)
    log.handle(log.makeRecord(log.name, level, __file__, sys._getframe().f_lineno, line, (),
                              None, "event"))


def configure() -> None:
    """Send the lines to stderr unless the host application set up handlers itself."""
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
