"""Generate ``data/buffering_sim.csv``: SIMULATED survey data for the buffering chapter (codebook: buffering_sim.md).

Run ``python -m socialties.buffering.generate_data [OUTPUT]`` (default: ``data/buffering_sim.csv``). The output is
byte-for-byte reproducible: one named seed stream, fixed rounding, fixed line endings; a test regenerates it and
compares.

Calibration (figures and their status are in the codebook):

* support-distress association from Rueger et al. (2016), r = .26 (``b_support = -0.26`` on the true scores);
* stress-distress association 0.35: an ASSUMPTION (unverified);
* a small buffering interaction, ``b_int = -0.10`` (f^2 about .012; the median moderator effect in Aguinis et al.
  2005 was f^2 = .002, given as context);
* reliability of the support measure .91 (the MOS Social Support Survey's alphas all exceeded .91, Sherbourne &
  Stewart 1991), of the stress measure .80 (an ASSUMPTION).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from socialties.buffering.simulate import BufferingParams, simulate

SEED_NAME = "buffering-sim-csv"
N = 500
PARAMS = BufferingParams(b_stress=0.35, b_support=-0.26, b_int=-0.10, rho=0.0, rel_stress=0.80, rel_support=0.91)
COLUMNS = ["id", "stress", "support", "distress", "stress_true", "support_true"]
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "buffering_sim.csv"


def generate(n: int = N, params: BufferingParams = PARAMS, seed_name: str = SEED_NAME) -> pd.DataFrame:
    """The simulated survey as a data frame, values rounded to 4 decimals (SD units of the true scores)."""
    df = simulate(n, params, seed_name=seed_name)
    out = df[COLUMNS[1:]].round(4)
    out.insert(0, "id", range(1, n + 1))
    out.attrs.update(df.attrs)
    return out


def to_csv_text(df: pd.DataFrame) -> str:
    """The CSV text exactly as shipped: ``\\n`` line endings, 4 decimals, no index."""
    return df.to_csv(index=False, float_format="%.4f", lineterminator="\n")


def write(path: Path | str = DEFAULT_PATH) -> Path:
    """Write the data set to ``path`` and return it."""
    target = Path(path)
    target.write_text(to_csv_text(generate()), encoding="utf-8", newline="")
    return target


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: write the CSV (to the given path, else ``data/buffering_sim.csv``)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1:
        print("usage: python -m socialties.buffering.generate_data [OUTPUT.csv]", file=sys.stderr)
        return 2
    target = write(args[0] if args else DEFAULT_PATH)
    print(f"wrote {target} (SIMULATED DATA, seed stream {SEED_NAME!r})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
