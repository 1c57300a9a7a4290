"""A small progress bar on stderr for the long commands (``grade``, ``assign``, ``notebooks``).

Drawn in place on one line when the stream is a terminal; silent otherwise (a log file, a pipe, CI), so output
that is kept or parsed never fills with bars. Written here rather than taken from a library (tqdm, rich) because
it is thirty lines and the course's package should not grow a dependency for it. Thread-safe: graders update it
from several threads.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import IO

WIDTH = 28


class ProgressBar:
    """``[#####-----] 3/10  12 s  label`` on ``stream`` (stderr by default), redrawn on each :meth:`advance`."""

    def __init__(self, total: int, label: str = "", stream: IO[str] | None = None, quiet: bool = False) -> None:
        self.total, self.done, self.label = max(0, total), 0, label
        self.stream = sys.stderr if stream is None else stream
        self.enabled = not quiet and bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = time.monotonic()
        self._lock = threading.Lock()
        self._open = False

    def line(self, note: str = "") -> str:
        """The bar as text (also used by the tests)."""
        filled = int(WIDTH * self.done / self.total) if self.total else WIDTH
        bar = "#" * filled + "-" * (WIDTH - filled)
        text = f"{self.label + ' ' if self.label else ''}[{bar}] {self.done}/{self.total} " \
               f"{time.monotonic() - self.started:.0f} s"
        return f"{text}  {note}" if note else text

    def advance(self, note: str = "", steps: int = 1) -> None:
        """Count ``steps`` more done and redraw, with ``note`` (e.g. the item just finished) after the bar."""
        with self._lock:
            self.done = min(self.total, self.done + steps) if self.total else self.done + steps
            if not self.enabled:
                return
            self.stream.write("\r" + self.line(note)[:150].ljust(150))
            self._open = True
            if self.total and self.done >= self.total:
                self.stream.write("\n")
                self._open = False
            self.stream.flush()

    def clear(self) -> None:
        """Erase the bar's line (if it is drawn), so that a message can be printed in its place; the next
        :meth:`advance` draws it again below the message."""
        with self._lock:
            if self.enabled and self._open:
                self.stream.write("\r" + " " * 150 + "\r")
                self.stream.flush()
                self._open = False

    def close(self) -> None:
        """End the bar's line (if it is still open), so the next message starts on its own line."""
        with self._lock:
            if self.enabled and self._open:
                self.stream.write("\n")
                self.stream.flush()
                self._open = False

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
