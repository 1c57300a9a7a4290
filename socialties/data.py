"""The course's data sets: where they live, what a valid row looks like, and a loader that refuses bad files clearly.

Each data set in ``data/`` has a schema here (columns, types, allowed values or ranges). :func:`load` checks every
row against it and refuses a damaged file with a :class:`DataFileError` naming the file, the row (as numbered in a
spreadsheet: the header is row 1) and the column, so nobody analyses a silently corrupted table. Checksums of the
shipped files are in ``data/SHA256SUMS`` (checked by :func:`verify_checksums` and by the tests).
"""

from __future__ import annotations

import csv
import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
CHECKSUMS_FILE = "SHA256SUMS"


class DataFileError(ValueError):
    """A data file that is missing, unreadable or does not match its schema."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows this instead of a traceback: the message is the whole story.
        return [f"DataFileError: {self}"]


@dataclass(frozen=True)
class Column:
    """One column's rule: numeric with an inclusive range, or categorical with allowed values."""

    name: str
    kind: str  # "int", "float" or "category"
    low: float | None = None
    high: float | None = None
    values: tuple[str, ...] = ()
    nullable: bool = False

    def problem(self, raw: str) -> str | None:
        """Return what is wrong with one raw cell, or None when it is valid."""
        if raw == "":
            return None if self.nullable else "is empty"
        if self.kind == "category":
            return None if raw in self.values else f"is {raw!r}, not one of {', '.join(self.values)}"
        try:
            number = float(raw)
        except ValueError:
            return f"is {raw!r}, not a number"
        if not math.isfinite(number):
            return f"is {raw!r}, not a finite number"
        if self.kind == "int" and not number.is_integer():
            return f"is {raw!r}, not a whole number"
        if (self.low is not None and number < self.low) or (self.high is not None and number > self.high):
            return f"is {raw}, outside {self.low:g} to {self.high:g}"
        return None


@dataclass(frozen=True)
class Dataset:
    """A data set shipped in ``data/``: its file, schema and expected size."""

    name: str
    filename: str
    columns: tuple[Column, ...]
    rows: int | None = None
    description: str = ""
    dtypes: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return DATA_DIR / self.filename


def _num(name: str, low: float, high: float, kind: str = "float", nullable: bool = False) -> Column:
    return Column(name, kind, low=low, high=high, nullable=nullable)


def _cat(name: str, *values: str, nullable: bool = False) -> Column:
    return Column(name, "category", values=tuple(values), nullable=nullable)


SOCSUPPORT = Dataset(
    name="socsupport",
    filename="socsupport.csv",
    rows=95,
    description="Survey of 95 students: social support subscales and Beck Depression Inventory (DAAG::socsupport).",
    columns=(
        _cat("gender", "female", "male"),
        _cat("age", "18-20", "21-24", "25-30", "31-40", "40+"),
        _cat("country", "australia", "other"),
        _cat("marital", "married", "other", "single"),
        _cat("livewith", "alone", "friends", "other", "parents", "partner", "residences"),
        _cat("employment", "employed fulltime", "employed part-time", "govt assistance", "other", "parental support"),
        _cat("firstyr", "first year", "other"),
        _cat("enrolment", "full-time", "part-time", nullable=True),
        _num("emotional", 0, 30, "int"),
        _num("emotionalsat", 0, 30, nullable=True),
        _num("tangible", 0, 30, nullable=True),
        _num("tangiblesat", 0, 30, nullable=True),
        _num("affect", 0, 30, "int"),
        _num("affectsat", 0, 30, "int"),
        _num("psi", 0, 30, "int"),
        _num("psisat", 0, 30, "int"),
        _num("esupport", 0, 30, nullable=True),
        _num("psupport", 0, 30, nullable=True),
        _num("supsources", 0, 30, nullable=True),
        _num("BDI", 0, 63, "int"),  # the BDI's possible range is 0-63
    ),
)

JOBS2 = Dataset(
    name="jobs2",
    filename="jobs2.csv",
    rows=899,
    description="JOBS II field experiment of a job-search workshop (mediation::jobs); for illustration only.",
    columns=(
        _num("treat", 0, 1, "int"),
        _num("econ_hard", 1, 5),
        _num("depress1", 1, 5),
        _num("sex", 0, 1, "int"),
        _num("age", 16, 100),
        _cat("occp", "clerical/kindred", "craftsmen/foremen/kindred", "laborers/service wrks", "manegerial",
             "operatives/kindred wrks", "professionals", "sales workers"),
        _cat("marital", "divrcd", "married", "nevmarr", "separtd", "widowed"),
        _cat("nonwhite", "non.white1", "white0"),
        _cat("educ", "bach", "gradwk", "highsc", "lt-hs", "somcol"),
        _cat("income", "15t24k", "25t39k", "40t49k", "50k+", "lt15k"),
        _num("job_seek", 1, 5),
        _num("depress2", 1, 5),
        _cat("work1", "psyemp", "psyump"),
        _num("comply", 0, 1, "int"),
        _cat("control", "control", "treat"),
        _num("job_dich", 0, 1, "int"),
        _num("job_disc", 1, 4, "int"),
    ),
)

BUFFERING_SIM = Dataset(
    name="buffering_sim",
    filename="buffering_sim.csv",
    rows=500,
    description="SIMULATED survey of stress, support and distress (see data/buffering_sim.md for its calibration).",
    columns=(
        _num("id", 1, 500, "int"),
        *(_num(name, -8, 8) for name in ("stress", "support", "distress", "stress_true", "support_true")),
    ),
)

_GSS_REGIONS = ("e. nor. central", "e. sou. central", "middle atlantic", "mountain", "new england", "pacific",
                "south atlantic", "w. nor. central", "w. sou. central")
#: The GSS's religious-attendance categories as the file spells them, from least to most often.
GSS_ATTEND_ORDER = ("never", "lt once a year", "once a year", "sevrl times a yr", "once a month", "2-3x a month",
                    "nrly every week", "every week", "more thn once wk")
#: Family income bands as the file spells them, from lowest to highest (the top band is open-ended).
GSS_INCOME_ORDER = ("lt $1000", "$1000 to 2999", "$3000 to 3999", "$4000 to 4999", "$5000 to 5999", "$6000 to 6999",
                    "$7000 to 7999", "$8000 to 9999", "$10000 - 14999", "$15000 - 19999", "$20000 - 24999",
                    "$25000 or more")
GSS_HAPPY_ORDER = ("not too happy", "pretty happy", "very happy")


def _flag(name: str, nullable: bool = False) -> Column:
    return _num(name, 0, 1, "int", nullable=nullable)


GSS_HAPPINESS = Dataset(
    name="gss_happiness",
    filename="gss_happiness.csv",
    rows=17137,
    description="US General Social Survey 1994-2006, 17,137 respondents: religious attendance and happiness "
                "(wooldridge::happiness). `widowed` cannot identify widowhood (see data/README.md).",
    columns=(
        _num("year", 1994, 2006, "int"),
        _cat("workstat", "keeping house", "other", "retired", "school", "temp not working", "unempl, laid off",
             "working fulltime", "working parttime", nullable=True),
        _num("prestige", 0, 100, "int", nullable=True),
        _cat("divorce", "no", "yes", nullable=True),
        _cat("widowed", "iap", "yes", nullable=True),
        _num("educ", 0, 20, "int", nullable=True),
        _cat("reg16", *sorted(_GSS_REGIONS + ("foreign",))),
        _num("babies", 0, 10, "int", nullable=True),
        _num("preteen", 0, 10, "int", nullable=True),
        _num("teens", 0, 10, "int", nullable=True),
        _cat("income", *GSS_INCOME_ORDER, nullable=True),
        _cat("region", *_GSS_REGIONS),
        _cat("attend", *GSS_ATTEND_ORDER, nullable=True),
        _cat("happy", *GSS_HAPPY_ORDER),
        _cat("owngun", "iap", "yes", nullable=True),
        _num("tvhours", 0, 24, "int", nullable=True),
        _flag("vhappy"),
        _flag("mothfath16", nullable=True),
        _flag("black"),
        _flag("gwbush04", nullable=True),
        _flag("female"),
        _flag("blackfemale"),
        _flag("gwbush00", nullable=True),
        _flag("occattend", nullable=True),
        _flag("regattend", nullable=True),
        *(_flag(f"y{yy:02d}") for yy in (94, 96, 98, 0, 2, 4, 6)),
        _flag("unem10", nullable=True),
    ),
    dtypes={"mothfath16": "Int64", "occattend": "Int64", "regattend": "Int64", "unem10": "Int64",
            "gwbush00": "Int64", "gwbush04": "Int64", "prestige": "Int64", "educ": "Int64", "babies": "Int64",
            "preteen": "Int64", "teens": "Int64", "tvhours": "Int64"},
)

MIDTOWN_MENTAL = Dataset(
    name="midtown_mental",
    filename="midtown_mental.csv",
    rows=24,
    description="Midtown Manhattan Study: 1,660 young adults by parents' SES (1 = high .. 6 = low) and mental "
                "health status (vcdExtra::Mental), one row per cell of the 6 x 4 table.",
    columns=(
        _num("ses", 1, 6, "int"),
        _cat("mental", "Impaired", "Mild", "Moderate", "Well"),
        _num("Freq", 0, 10000, "int"),
    ),
)
#: Mental health status from best to worst, as the study orders it.
MIDTOWN_MENTAL_ORDER = ("Well", "Mild", "Moderate", "Impaired")

DATASETS: dict[str, Dataset] = {d.name: d for d in (SOCSUPPORT, JOBS2, BUFFERING_SIM, GSS_HAPPINESS, MIDTOWN_MENTAL)}


def _read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(f"{path}: the file is missing") from None
    except UnicodeDecodeError as err:
        raise DataFileError(f"{path}: not UTF-8 text (byte {err.start})") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise DataFileError(f"{path}: the file is empty")
    return rows[0], rows[1:]


def validate(dataset: Dataset, path: Path | None = None) -> None:
    """Check a data file against its schema; raise :class:`DataFileError` naming file, row and column."""
    path = path or dataset.path
    header, rows = _read_rows(path)
    expected = [c.name for c in dataset.columns]
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        raise DataFileError(f"{path}, row 1 (header): columns differ from the codebook; "
                            f"missing {missing or 'none'}, unexpected {extra or 'none'}")
    for number, row in enumerate(rows, start=2):
        if len(row) != len(expected):
            raise DataFileError(f"{path}, row {number}: {len(row)} fields, expected {len(expected)}")
        for column, raw in zip(dataset.columns, row):
            problem = column.problem(raw)
            if problem:
                raise DataFileError(f"{path}, row {number}, column {column.name!r}: the value {problem}")
    if dataset.rows is not None and len(rows) != dataset.rows:
        raise DataFileError(f"{path}: {len(rows)} data rows, expected {dataset.rows}")


def load(name: str, path: Path | None = None) -> pd.DataFrame:
    """Load a course data set by name (``"socsupport"``, ``"gss_happiness"``, ...) after validating every row.

    Whole-number columns with missing values come back as pandas' nullable ``Int64``.
    """
    if name not in DATASETS:
        raise DataFileError(f"unknown data set {name!r}; the course has {', '.join(sorted(DATASETS))}")
    dataset = DATASETS[name]
    validate(dataset, path)
    return pd.read_csv(path or dataset.path, dtype=dataset.dtypes or None, keep_default_na=False,
                       na_values=[""])


def sha256(path: Path) -> str:
    """The SHA-256 hex digest of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verify_checksums(directory: Path = DATA_DIR) -> dict[str, bool]:
    """Compare every file listed in ``SHA256SUMS`` with its digest; return ``{filename: matches}``."""
    results = {}
    for line in (directory / CHECKSUMS_FILE).read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, filename = line.split(maxsplit=1)
            target = directory / filename.lstrip("*")
            results[filename] = target.exists() and sha256(target) == digest
    return results
