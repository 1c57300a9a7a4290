"""Page weights of the built site, heaviest first: HTML bytes and total bytes per toc page (prints, asserts nothing).

Run after `make book`:  .venv/bin/python benchmarks/page_weights.py [SITE_DIR]
The measuring code lives beside the browser tests (tests/browser/weights.py), which print the same table.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

from weights import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
