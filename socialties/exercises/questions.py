"""Question types and their checks: every check answers with :class:`Feedback`, whatever it is given.

A check never raises. Students hand in anything: ``None``, text, NaN, a number too large for a float, a list, a
DataFrame, an object whose ``__eq__`` or ``__float__`` raises, or the placeholder ``...`` of the student copy. Each
gets a plain-text message that says what to fix. Messages are plain text written by the course (never HTML): every
renderer escapes them. Student text is only ever parsed as data, never evaluated.

Four types: :class:`MultipleChoice`, :class:`Numeric`, :class:`CodeCheck` (compares with a reference computed from the
data) and :class:`Reflection` (free text, kept, not graded).
"""

from __future__ import annotations

import copy
from decimal import Decimal
import math
import numbers
import re
import signal
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd

Status = Literal["correct", "partial", "incorrect", "invalid", "unanswered", "ungraded"]
STATUSES: tuple[str, ...] = ("correct", "partial", "incorrect", "invalid", "unanswered", "ungraded")
PLACEHOLDER = Ellipsis  # what the student copy puts where an answer goes: ``q1_answer = ...``
MAX_TEXT = 2000  # longer text is not parsed (a number or an option letter is short)


@dataclass(frozen=True)
class Feedback:
    """The result of a check: a status, the fraction of the points earned and a plain-text message."""

    status: Status
    score: float
    message: str

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}; use one of {STATUSES}")
        score = float(self.score) if isinstance(self.score, (int, float)) else 0.0
        object.__setattr__(self, "score", min(1.0, max(0.0, score)) if math.isfinite(score) else 0.0)
        object.__setattr__(self, "message", str(self.message))

    @property
    def correct(self) -> bool:
        """True only for a fully correct answer."""
        return self.status == "correct"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (progress files, the gradebook)."""
        return {"status": self.status, "score": self.score, "message": self.message}


def unanswered(message: str = "Not answered yet.") -> Feedback:
    return Feedback("unanswered", 0.0, message)


def invalid(message: str) -> Feedback:
    return Feedback("invalid", 0.0, message)


def type_name(value: object) -> str:
    """A short, safe name for the type of ``value`` (never calls the student's ``__repr__``)."""
    try:
        kind = type(value)
        module = getattr(kind, "__module__", "") or ""
        name = getattr(kind, "__qualname__", None) or getattr(kind, "__name__", "object")
        if module in {"builtins", ""}:
            return str(name)[:80]
        return f"{str(module).split('.')[0]}.{name}"[:80]
    except Exception:  # a metaclass can make even this raise
        return "object"


def a_type(value: object) -> str:
    """'an int', 'a DataFrame': the type of ``value`` with its article."""
    name = type_name(value)
    return ("an " if name[:1].lower() in "aeiou" else "a ") + name


def safe_repr(value: object, limit: int = 60) -> str:
    """``repr(value)`` shortened, or a neutral phrase if the object's ``__repr__`` raises."""
    try:
        text = repr(value)
    except Exception:
        return f"<{a_type(value)} that cannot be shown>"
    if not isinstance(text, str):
        return f"<{a_type(value)}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def none_message() -> str:
    return (
        "Your answer is None. A function without `return`, or a pandas method called with `inplace=True`, "
        "gives None: assign the result itself."
    )


# --------------------------------------------------------------------------------------------------------- questions


@dataclass(frozen=True, kw_only=True, eq=False)
class Question(ABC):
    """One question of an assignment. Subclasses implement :meth:`_check`; :meth:`check` never raises.

    ``prompt`` and ``solution`` are Markdown written by the course (trusted); ``solution`` is shown in the
    self-study edition only. ``answer_name`` is the notebook variable the grader reads (default ``<qid>_answer``).
    """

    kind: ClassVar[str] = "question"
    qid: str
    prompt: str
    points: float = 1.0
    answer_name: str = ""
    solution: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.qid, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", self.qid):
            raise ValueError(f"qid must be a short identifier like 'q1', got {self.qid!r}")
        if not self.answer_name:
            object.__setattr__(self, "answer_name", f"{self.qid}_answer")
        if not str(self.answer_name).isidentifier():
            raise ValueError(f"answer_name must be a Python identifier, got {self.answer_name!r}")
        if not isinstance(self.points, (int, float)) or self.points < 0:
            raise ValueError(f"points must be a non-negative number, got {self.points!r}")

    def check(self, answer: object) -> Feedback:
        """Check ``answer`` and say what to fix. Never raises (``...`` means not answered yet)."""
        try:
            if answer is PLACEHOLDER:
                return unanswered("Not answered yet: replace `...` with your answer.")
            result = self._check(answer)
            return result if isinstance(result, Feedback) else invalid("The check gave no result.")
        except RecursionError:
            return invalid("Your answer is nested too deeply to be checked.")
        except (Exception, SystemExit, GeneratorExit) as exc:  # a student object can raise anything from anywhere;
            # only KeyboardInterrupt (the student pressing stop) goes through
            return invalid(f"Your answer could not be checked ({type_name(exc)}). Check its type and try again.")

    @abstractmethod
    def _check(self, answer: object) -> Feedback:
        """The type-specific check (may raise: :meth:`check` turns errors into feedback)."""


# ---------------------------------------------------------------------------------------------------- multiple choice


@dataclass(frozen=True)
class Option:
    """One option of a multiple-choice question: its Markdown text, whether it is correct, and why."""

    text: str
    correct: bool = False
    feedback: str = ""


LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True, kw_only=True, eq=False)
class MultipleChoice(Question):
    """One correct option (``multiple=False``) or several (``multiple=True``), with feedback for every option.

    Answers name options by letter (``"b"``; for several ``["a", "c"]`` or ``"a, c"``) or by their exact text.
    A number is refused with a message: is ``1`` the first option or option (b)? Letters leave no doubt.
    """

    kind: ClassVar[str] = "multiple_choice"
    options: Sequence[Option]
    multiple: bool = False

    def __post_init__(self) -> None:
        super().__post_init__()
        options = tuple(self.options)
        if len(options) < 2 or len(options) > len(LETTERS):
            raise ValueError(f"{self.qid}: a multiple-choice question needs 2 to 26 options")
        if not all(isinstance(option, Option) for option in options):
            raise ValueError(f"{self.qid}: options must be Option(text, correct, feedback)")
        n_correct = sum(option.correct for option in options)
        if n_correct == 0 or (n_correct > 1 and not self.multiple):
            raise ValueError(f"{self.qid}: {n_correct} correct options; use multiple=True for several")
        object.__setattr__(self, "options", options)

    @property
    def letters(self) -> list[str]:
        return list(LETTERS[: len(self.options)])

    @property
    def correct_indices(self) -> list[int]:
        return [i for i, option in enumerate(self.options) if option.correct]

    def _index(self, item: object) -> int | None:
        if isinstance(item, str) and len(item) <= MAX_TEXT:
            text = item.strip()
            bare = text.strip("()[]. ").lower()
            if len(bare) == 1 and bare in self.letters:
                return self.letters.index(bare)
            for i, option in enumerate(self.options):
                if text.casefold() == option.text.strip().casefold():
                    return i
        return None

    def _selection(self, answer: object) -> tuple[set[int] | None, str]:
        """The selected option indices, or None and a message saying why the answer is not readable."""
        how = "an option letter such as \"b\"" + (" or a list of letters such as [\"a\", \"c\"]" if self.multiple else "")
        if answer is None:
            return None, none_message()
        if isinstance(answer, str):
            if not answer.strip():
                return set(), ""
            single = self._index(answer)
            if single is not None:
                return {single}, ""
            if not self.multiple or len(answer) > MAX_TEXT:
                return None, f"Answer with {how}."
            items: list[object] = [part for part in re.split(r"[,;\s]+", answer.strip()) if part]
        elif isinstance(answer, (list, tuple, set, frozenset)):
            items = list(answer)
            if len(items) > len(self.options):
                return None, f"There are only {len(self.options)} options; answer with {how}."
            if len(items) > 1 and not self.multiple:
                return None, "Choose only one option."
        elif isinstance(answer, (int, float, np.number)) and not isinstance(answer, (bool, np.bool_)):
            return None, f"Answer with {how}: a letter, not a number."
        else:
            return None, f"Answer with {how}, not {a_type(answer)}."
        chosen: set[int] = set()
        for item in items:
            index = self._index(item)
            if index is None:
                return None, f"Unknown option {safe_repr(item, 20)}: answer with {how}."
            chosen.add(index)
        return chosen, ""

    def _check(self, answer: object) -> Feedback:
        chosen, problem = self._selection(answer)
        if chosen is None:
            return invalid(problem)
        if not chosen:
            return unanswered("Choose an option.")
        right = set(self.correct_indices)
        notes = [f"({self.letters[i]}) {self.options[i].feedback}" for i in sorted(chosen) if self.options[i].feedback]
        if not self.multiple:
            (index,) = chosen
            status = "correct" if index in right else "incorrect"
            return Feedback(status, 1.0 if status == "correct" else 0.0, self.options[index].feedback or _default(status))
        hits, false_alarms = len(chosen & right), len(chosen - right)
        if chosen == right:
            return Feedback("correct", 1.0, " ".join(notes) or _default("correct"))
        score = max(0.0, (hits - false_alarms) / len(right))
        summary = []
        if false_alarms:
            summary.append(f"{false_alarms} of your choices {'is' if false_alarms == 1 else 'are'} not right.")
        if hits < len(right):
            summary.append("At least one correct option is missing.")
        status = "partial" if score > 0 else "incorrect"
        return Feedback(status, score, " ".join(summary + notes))


def _default(status: str) -> str:
    return "Correct." if status == "correct" else "Think again and try another option."


# ------------------------------------------------------------------------------------------------------------ numeric

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d*)?")  # "0,023" is a decimal comma


def parse_number(answer: object, units: str = "") -> tuple[float | None, str]:
    """Read a number from what a student typed or computed: ``(value, "")`` or ``(None, why not)``.

    Accepts numbers (Python, numpy, a one-element array or Series) and text such as ``"0.35"``, ``"-1.2e3"``,
    ``"1,234.5"``, ``"0,35"`` (decimal comma), ``"35%"`` (read as 0.35 unless the units are ``%``) and the
    question's units after the number. Text is parsed, never evaluated.
    """
    if answer is None:
        return None, none_message()
    if isinstance(answer, (bool, np.bool_)):
        return None, "A number is expected, not True or False."
    if isinstance(answer, (np.ndarray, pd.Series, pd.Index)) and getattr(answer, "size", 0) == 1:
        answer = np.asarray(answer).reshape(-1)[0]
        if isinstance(answer, (bool, np.bool_)):
            return None, "A number is expected, not True or False."
    if isinstance(answer, str):
        return _parse_text(answer, units)
    if isinstance(answer, (numbers.Real, np.number, Decimal)) and not isinstance(answer, np.complexfloating):
        try:
            value = float(answer)
        except OverflowError:
            return None, "This number is too large to be the answer: check the calculation."
        except ValueError:  # a signalling Decimal NaN
            return None, "Your answer is NaN (not a number): a missing value or a 0/0 somewhere?"
        if math.isnan(value):
            return None, "Your answer is NaN (not a number): a missing value or a 0/0 somewhere?"
        if math.isinf(value):
            return None, "Your answer is infinite: a division by zero somewhere?"
        return value, ""
    if isinstance(answer, (complex, np.complexfloating)):
        return None, "A real number is expected, not a complex number."
    return None, f"A single number is expected, not {a_type(answer)}."


def _parse_text(text: str, units: str) -> tuple[float | None, str]:
    if len(text) > MAX_TEXT:
        return None, "That is far too long to be a number."
    cleaned = text.strip().replace("\u2212", "-").replace("\u2009", "").replace(" ", "")
    if not cleaned:
        return None, "Type a number."
    unit_key = units.replace(" ", "")
    if unit_key and unit_key != "%" and cleaned.lower().endswith(unit_key.lower()):
        cleaned = cleaned[: -len(unit_key)]
    percent = cleaned.endswith("%")
    if percent:
        cleaned = cleaned[:-1]
    if _THOUSANDS.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    elif cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not _NUMBER.fullmatch(cleaned):
        return None, "Type a number only, such as 0.25 or -3.1 (digits, a point, an optional sign)."
    value = float(cleaned)  # the regex allows digits only, so this cannot execute anything
    if math.isinf(value):
        return None, "This number is too large to be the answer: check the calculation."
    if percent and unit_key != "%":
        value /= 100.0
    return value, ""


@dataclass(frozen=True, kw_only=True, eq=False)
class Numeric(Question):
    """A number, right within ``max(abs_tol, rel_tol * |answer|)``, with hints for the usual slips.

    The hints: wrong sign, a percentage given for a proportion (or the reverse), a factor of ten, and a value close
    to the answer but outside the tolerance (rounded too early). ``units`` is shown next to the input. ``slips`` are
    the question's own likely wrong answers, ``(value, message)`` pairs matched within the question's tolerance before
    the generic hints (set ``hints=False`` where none of the generic slips applies, e.g. a sample size).
    """

    kind: ClassVar[str] = "numeric"
    answer: float
    abs_tol: float = 0.0
    rel_tol: float = 0.01
    units: str = ""
    hints: bool = True
    slips: tuple[tuple[float, str], ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        for slip in self.slips:
            if len(slip) != 2 or not math.isfinite(float(slip[0])) or not str(slip[1]).strip():
                raise ValueError(f"{self.qid}: each slip is a (finite value, message) pair, got {slip!r}")
        object.__setattr__(self, "slips", tuple((float(v), str(m)) for v, m in self.slips))
        if not math.isfinite(float(self.answer)):
            raise ValueError(f"{self.qid}: Numeric needs a finite answer")
        if self.abs_tol < 0 or self.rel_tol < 0 or (self.abs_tol == 0 and self.rel_tol == 0 and self.answer != 0):
            raise ValueError(f"{self.qid}: tolerances must be non-negative and not both zero")
        if self.answer == 0 and self.abs_tol == 0:
            raise ValueError(f"{self.qid}: an answer of 0 needs an abs_tol")
        object.__setattr__(self, "answer", float(self.answer))

    @property
    def tolerance(self) -> float:
        return max(self.abs_tol, self.rel_tol * abs(self.answer))

    def _close(self, value: float, factor: float = 1.0) -> bool:
        return abs(value - self.answer) <= self.tolerance * factor

    def _check(self, answer: object) -> Feedback:
        if isinstance(answer, str) and not answer.strip():
            return unanswered("Type a number.")
        value, problem = parse_number(answer, self.units)
        if value is None:
            return invalid(problem)
        if self._close(value):
            return Feedback("correct", 1.0, "Your answer is within the tolerance.")
        return Feedback("incorrect", 0.0, self.hint(value) if self.hints else HINTS["none"])

    def hint(self, value: float) -> str:
        """The message for a wrong ``value``: a targeted hint if it matches a usual slip. Mirrored in quiz.js."""
        if not self.hints:
            return HINTS["none"]
        for slip, message in self.slips:
            if abs(value - slip) <= self.tolerance:
                return message
        if self.answer != 0 and self._close(-value):
            return HINTS["sign"]
        if self.answer != 0 and self._close(value / 100.0):
            return HINTS["percent"]
        if self.answer != 0 and self._close(value * 100.0):
            return HINTS["proportion"]
        if self.answer != 0 and (self._close(value / 10.0) or self._close(value * 10.0)):
            return HINTS["ten"]
        if self._close(value, 10.0):
            return HINTS["rounding"]
        return HINTS["none"]

    def messages(self) -> dict[str, str]:
        return dict(HINTS)


HINTS: dict[str, str] = {
    "sign": "Check the sign of your answer.",
    "percent": "Your answer is 100 times too large. Did you give a percentage where a proportion "
    "(between 0 and 1) is asked for?",
    "proportion": "Your answer is 100 times too small. Did you give a proportion where a percentage is "
    "asked for?",
    "ten": "Your answer is off by a factor of ten. Check the decimal point and the units.",
    "rounding": "Close, but outside the tolerance. Did you round an intermediate result? Keep full precision until "
    "the last step.",
    "none": "Check your working and try again.",
}


# --------------------------------------------------------------------------------------------------------------- code


class _Timeout(Exception):
    pass


def call_with_timeout(func: Callable[..., Any], args: tuple, seconds: float) -> Any:
    """Call ``func(*args)``, interrupted after ``seconds`` when a signal timer is free (main thread, Unix).

    The timer is only used when nobody else uses it (no pending ``SIGALRM`` timer, default handler), so a caller
    with its own deadline (the grader) keeps it; otherwise the call runs under the caller's limits.
    """
    usable = (seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL)[0] == 0
              and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None))
    if not usable:
        return func(*args)

    def on_alarm(signum: int, frame: object) -> None:
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return func(*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True, kw_only=True, eq=False)
class CodeCheck(Question):
    """A value the student computes in code, compared with a reference computed from the data.

    ``expected`` is a zero-argument callable giving the reference: a number, an array, a Series, a DataFrame, a
    string, a list/dict of these, or a function. A function answer is called on every ``probes`` entry (a tuple of
    positional arguments, deep-copied for each call) and its results compared with the reference function's.
    Numbers compare within ``max(abs_tol, rel_tol * |reference|)``. ``check_index`` also compares Series/DataFrame
    index labels; ``check_column_order`` requires the same column order.
    """

    kind: ClassVar[str] = "code"
    expected: Callable[[], Any]
    abs_tol: float = 1e-8
    rel_tol: float = 1e-6
    probes: Sequence[tuple] = ()
    check_index: bool = False
    check_column_order: bool = False
    timeout: float = 5.0
    _cache: dict = field(default_factory=dict, init=False, repr=False)

    def reference(self) -> Any:
        """The reference value (computed once)."""
        if "value" not in self._cache:
            self._cache["value"] = self.expected()
        return self._cache["value"]

    def _check(self, answer: object) -> Feedback:
        try:
            reference = self.reference()
        except Exception as exc:
            return Feedback("ungraded", 0.0, f"The reference answer could not be computed ({type_name(exc)}): "
                                             "please tell your instructor.")
        if answer is None and reference is not None:
            return invalid(none_message())
        try:
            differences = self.compare(answer, reference)
        except _PlaceholderResult:
            return unanswered("Not answered yet: your function still returns the placeholder `...`.")
        if not differences:
            return Feedback("correct", 1.0, "Your result matches the reference.")
        return Feedback("incorrect", 0.0, differences[:1].upper() + differences[1:])

    def compare(self, answer: object, reference: object, where: str = "") -> str:
        """'' if ``answer`` matches ``reference``, otherwise a sentence saying what differs."""
        if callable(reference) and not isinstance(reference, type):
            return self._compare_function(answer, reference)
        return compare_values(answer, reference, self.abs_tol, self.rel_tol, where,
                              check_index=self.check_index, check_column_order=self.check_column_order)

    def _compare_function(self, answer: object, reference: Callable[..., Any]) -> str:
        if not callable(answer):
            return f"a function is expected, not {a_type(answer)}."
        if not self.probes:
            return "this question has no test inputs: please tell your instructor."
        for args in self.probes:
            shown = ", ".join(safe_repr(arg, 30) for arg in args)
            expected = reference(*copy.deepcopy(tuple(args)))
            try:
                got = call_with_timeout(answer, copy.deepcopy(tuple(args)), self.timeout)
            except _Timeout:
                return f"your function did not finish within {self.timeout:g} s when called with ({shown})."
            except RecursionError:
                return f"your function recursed too deeply when called with ({shown})."
            except (Exception, SystemExit) as exc:
                return f"your function raised {type_name(exc)} when called with ({shown})."
            if got is PLACEHOLDER:  # the student copy's `return ...`: not an attempt yet
                raise _PlaceholderResult
            difference = compare_values(got, expected, self.abs_tol, self.rel_tol, "",
                                        check_index=self.check_index, check_column_order=self.check_column_order)
            if difference:
                return f"called with ({shown}), your function's result differs: {difference}"
        return ""


class _PlaceholderResult(Exception):
    """A student's function returned the placeholder ``...``: the question is not answered yet."""


def _is_number(value: object) -> bool:
    return isinstance(value, (numbers.Real, np.number)) and not isinstance(value, (bool, np.bool_, complex))


def compare_values(answer: object, reference: object, abs_tol: float, rel_tol: float, where: str = "", *,
                   check_index: bool = False, check_column_order: bool = False) -> str:
    """'' when ``answer`` matches ``reference`` (numbers within tolerance), else what differs, in plain words."""
    at = f" {where}" if where else ""
    options = {"check_index": check_index, "check_column_order": check_column_order}
    if isinstance(reference, pd.DataFrame):
        return _compare_frame(answer, reference, abs_tol, rel_tol, options)
    if isinstance(reference, pd.Series):
        return _compare_series(answer, reference, abs_tol, rel_tol, at, check_index)
    if isinstance(reference, np.ndarray):
        if not isinstance(answer, (np.ndarray, list, tuple)):
            return f"a numpy array is expected{at}, not {a_type(answer)}."
        try:
            got = np.asarray(answer)
        except Exception:  # ragged nesting, undecodable bytes...
            return f"your answer{at} cannot be read as an array (rows of different lengths, or mixed types?)."
        if got.shape != reference.shape:
            return f"the shape{at} is {got.shape}; expected {reference.shape}."
        return _compare_arrays(got, reference, abs_tol, rel_tol, f"the values{at}")
    if isinstance(reference, (bool, np.bool_)):
        if not isinstance(answer, (bool, np.bool_)):
            return f"True or False is expected{at}, not {a_type(answer)}."
        return "" if bool(answer) == bool(reference) else f"the value{at} is {bool(answer)}; it should be {bool(reference)}."
    if _is_number(reference):
        if isinstance(answer, (np.ndarray, pd.Series)) and answer.size == 1:
            answer = np.asarray(answer).reshape(-1)[0]
        if not _is_number(answer):
            return f"a single number is expected{at}, not {a_type(answer)}."
        try:
            got = float(answer)
        except (OverflowError, ValueError):
            return f"your value{at} is not a usable number (far too large, or NaN)."
        return _compare_number(got, float(reference), abs_tol, rel_tol, f"your value{at}")
    if isinstance(reference, str):
        if not isinstance(answer, str):
            return f"text is expected{at}, not {a_type(answer)}."
        return "" if answer == reference else f"the text{at} is not the expected one."
    if isinstance(reference, Mapping):
        if not isinstance(answer, Mapping):
            return f"a dict is expected{at}, not {a_type(answer)}."
        missing = [key for key in reference if key not in answer]
        if missing:
            return f"the key {safe_repr(missing[0], 30)} is missing{at}."
        extra = [key for key in answer if key not in reference]
        if extra:
            return f"the key {safe_repr(extra[0], 30)} is not expected{at}."
        for key in reference:
            difference = compare_values(answer[key], reference[key], abs_tol, rel_tol, f"at key {safe_repr(key, 30)}",
                                        **options)
            if difference:
                return difference
        return ""
    if isinstance(reference, (list, tuple)):
        if not isinstance(answer, (list, tuple)):
            return f"a {type(reference).__name__} is expected{at}, not {a_type(answer)}."
        if len(answer) != len(reference):
            return f"{len(answer)} items{at}; expected {len(reference)}."
        for i, (got, want) in enumerate(zip(answer, reference)):
            difference = compare_values(got, want, abs_tol, rel_tol, f"at position {i}", **options)
            if difference:
                return difference
        return ""
    if reference is None:
        return "" if answer is None else f"None is expected{at}, not {a_type(answer)}."
    same = reference == answer
    return "" if isinstance(same, (bool, np.bool_)) and bool(same) else f"the value{at} is not the expected one."


def _compare_number(got: float, want: float, abs_tol: float, rel_tol: float, label: str) -> str:
    if math.isnan(want):
        return "" if math.isnan(got) else f"{label} should be missing (NaN)."
    if math.isnan(got):
        return f"{label} is NaN (missing): check for missing values or a 0/0."
    if math.isinf(got) and got != want:
        return f"{label} is infinite: a division by zero?"
    if abs(got - want) <= max(abs_tol, rel_tol * abs(want)) or got == want:
        return ""
    return f"{label} is {'too high' if got > want else 'too low'} (beyond the tolerance)."


def _compare_arrays(got: np.ndarray, want: np.ndarray, abs_tol: float, rel_tol: float, label: str) -> str:
    numeric = want.dtype.kind in "iufb" and want.dtype.kind != "b"
    if numeric:
        if got.dtype.kind not in "iuf":
            return f"{label} should be numbers; yours have dtype {got.dtype}."
        g, w = got.astype(float), want.astype(float)
        close = np.isclose(g, w, rtol=rel_tol, atol=abs_tol, equal_nan=True)
    else:
        close = np.array([_same_scalar(a, b) for a, b in zip(got.ravel().tolist(), want.ravel().tolist())], dtype=bool)
        close = close.reshape(want.shape) if close.size == want.size else np.zeros(want.shape, dtype=bool)
    wrong = int(close.size - int(np.count_nonzero(close)))
    if wrong == 0:
        return ""
    first = tuple(int(i) for i in np.argwhere(~close)[0])
    position = first[0] if len(first) == 1 else first
    return f"{label}: {wrong} of {close.size} differ beyond the tolerance (first at position {position})."


def _same_scalar(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if a is None and b is None:
        return True
    try:
        same = a == b
        return bool(same) if isinstance(same, (bool, np.bool_)) else False
    except Exception:
        return False


def _compare_series(answer: object, reference: pd.Series, abs_tol: float, rel_tol: float, at: str,
                    check_index: bool) -> str:
    if isinstance(answer, pd.DataFrame):
        return f"a pandas Series (one column) is expected{at}, not a DataFrame: select the column, e.g. df['name']."
    if not isinstance(answer, pd.Series):
        return f"a pandas Series is expected{at}, not {a_type(answer)}."
    if len(answer) != len(reference):
        return f"the Series{at} has {len(answer)} values; expected {len(reference)}."
    if check_index and not answer.index.equals(reference.index):
        return f"the index labels{at} differ from the expected ones (sorted or filtered differently?)."
    return _compare_arrays(answer.to_numpy(), reference.to_numpy(), abs_tol, rel_tol, f"the values{at}")


def _compare_frame(answer: object, reference: pd.DataFrame, abs_tol: float, rel_tol: float,
                   options: dict[str, bool]) -> str:
    if isinstance(answer, pd.Series):
        return "a DataFrame is expected, not a Series: did you select a single column? Use df[['a', 'b']]."
    if not isinstance(answer, pd.DataFrame):
        return f"a pandas DataFrame is expected, not {a_type(answer)}."
    got_columns, want_columns = [str(c) for c in answer.columns], [str(c) for c in reference.columns]
    missing = [c for c in want_columns if c not in got_columns]
    extra = [c for c in got_columns if c not in want_columns]
    if missing or extra:
        parts = []
        if missing:
            parts.append("missing column(s) " + ", ".join(repr(c) for c in missing[:5]))
        if extra:
            parts.append("unexpected column(s) " + ", ".join(repr(c) for c in extra[:5]))
        return "; ".join(parts) + "."
    if options["check_column_order"] and got_columns != want_columns:
        return f"the columns are in a different order; expected {want_columns}."
    if answer.shape != reference.shape:
        return f"the shape is {answer.shape} (rows, columns); expected {reference.shape}."
    if options["check_index"] and not answer.index.equals(reference.index):
        return "the row index labels differ from the expected ones (sorted or filtered differently?)."
    by_name = {str(c): c for c in answer.columns}
    for column in reference.columns:
        difference = _compare_arrays(answer[by_name[str(column)]].to_numpy(), reference[column].to_numpy(),
                                     abs_tol, rel_tol, f"column {str(column)!r}")
        if difference:
            return difference
    return ""


# --------------------------------------------------------------------------------------------------------- reflection


@dataclass(frozen=True, kw_only=True, eq=False)
class Reflection(Question):
    """Free text, not graded (``points`` 0): kept with the student's answers."""

    kind: ClassVar[str] = "reflection"
    points: float = 0.0
    min_words: int = 1

    def _check(self, answer: object) -> Feedback:
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            return unanswered("Write a few sentences.")
        if not isinstance(answer, str):
            return invalid(f"Write your reflection as text (a string), not {a_type(answer)}.")
        words = len(answer.split())
        if words < self.min_words:
            return Feedback("unanswered", 0.0, f"Write at least {self.min_words} words (you have {words}).")
        return Feedback("ungraded", 0.0, f"Saved ({words} words). Reflections are not graded; they are kept with "
                                         "your answers.")


QUESTION_TYPES: dict[str, type[Question]] = {
    cls.kind: cls for cls in (MultipleChoice, Numeric, CodeCheck, Reflection)
}

__all__ = [
    "Feedback", "Question", "Option", "MultipleChoice", "Numeric", "CodeCheck", "Reflection", "HINTS",
    "PLACEHOLDER", "STATUSES", "QUESTION_TYPES", "parse_number", "compare_values", "safe_repr", "type_name",
]
