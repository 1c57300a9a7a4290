"""The codec: plain data in and out of the student's kernel. HANDLE WITH CARE.

This module is security-relevant. :func:`encode` runs inside the student's kernel (its source is sent there by
:func:`kernel_library`), on objects the student controls; :func:`decode` runs on the grader's side, on data the
student controls. ``encode`` must never call student code beyond reading built-in types' contents; ``decode`` must
only construct data, never import or call anything the data names, and must bound what it allocates. ``encode`` and
``decode`` are self-contained (they import what they use) because their source is also sent to the kernel. Any change
here needs a hostile test (tests/test_grade.py, tests/test_hostile.py).
"""

from __future__ import annotations

import inspect
from typing import Any



def encode(value, _budget=None, _depth=0):
    """Turn a value into JSON-ready data (tagged dicts for what JSON lacks); never raises, never runs user code
    beyond reading built-in types' contents."""
    import math
    import sys

    budget = _budget if _budget is not None else [200_000]
    budget[0] -= 1
    if budget[0] < 0 or _depth > 40:
        return {"$": "too-big"}
    try:
        np = sys.modules.get("numpy")
        pd = sys.modules.get("pandas")
        if value is None or value is True or value is False:
            return value
        if value is Ellipsis:
            return {"$": "ellipsis"}
        if isinstance(value, bool):
            return bool(value)
        if isinstance(value, int) and not (np is not None and isinstance(value, np.generic)):
            number = int.__index__(value)
            if abs(number) < 2 ** 53:
                return number
            if number.bit_length() > 12_000:
                return {"$": "int-huge", "bits": number.bit_length(), "sign": 1 if number > 0 else -1}
            return {"$": "int", "v": int.__repr__(number)}
        if isinstance(value, float) and not (np is not None and isinstance(value, np.generic)):
            number = float.__float__(value)
            return number if math.isfinite(number) else {"$": "float", "v": float.__repr__(number)}
        if isinstance(value, complex):
            return {"$": "complex", "re": encode(complex.__complex__(value).real, budget),
                    "im": encode(complex.__complex__(value).imag, budget)}
        if isinstance(value, str):
            text = str.__str__(value)
            budget[0] -= len(text) // 100
            if len(text) > 1_000_000:
                return {"$": "str", "v": text[:1_000_000], "truncated": len(text)}
            return text
        if isinstance(value, (bytes, bytearray)):
            return {"$": "bytes", "n": len(value)}
        if np is not None and isinstance(value, np.generic):
            return {"$": "npscalar", "dtype": str(value.dtype), "v": encode(value.item(), budget, _depth + 1)}
        if np is not None and isinstance(value, np.ndarray):
            if value.size > 1_000_000:
                return {"$": "too-big"}
            return {"$": "ndarray", "dtype": str(value.dtype), "shape": list(value.shape),
                    "v": [encode(x, budget, _depth + 1) for x in value.ravel().tolist()]}
        if pd is not None and isinstance(value, pd.DataFrame):
            if value.size > 1_000_000:
                return {"$": "too-big"}
            return {"$": "frame", "columns": encode(list(value.columns), budget, _depth + 1),
                    "dtypes": [str(t) for t in value.dtypes],
                    "index": encode(value.index, budget, _depth + 1),
                    "v": [encode(value.iloc[:, i].tolist(), budget, _depth + 1) for i in range(value.shape[1])]}
        if pd is not None and isinstance(value, pd.Series):
            if value.size > 1_000_000:
                return {"$": "too-big"}
            return {"$": "series", "name": encode(value.name, budget, _depth + 1), "dtype": str(value.dtype),
                    "index": encode(value.index, budget, _depth + 1),
                    "v": encode(value.tolist(), budget, _depth + 1)}
        if pd is not None and isinstance(value, pd.Index):
            if value.size > 1_000_000:
                return {"$": "too-big"}
            names = [encode(n, budget, _depth + 1) for n in value.names]
            return {"$": "index", "names": names, "dtype": str(value.dtype),
                    "v": encode(value.tolist(), budget, _depth + 1)}
        if pd is not None and value is pd.NA:
            return {"$": "na"}
        if pd is not None and isinstance(value, pd.Timestamp):
            return {"$": "timestamp", "v": value.isoformat()}
        kind = type(value)
        if kind in (list, tuple, set, frozenset):
            items = list(value)
            budget[0] -= len(items)
            if budget[0] < 0:
                return {"$": "too-big"}
            tag = {list: "list", tuple: "tuple", set: "set", frozenset: "frozenset"}[kind]
            return {"$": tag, "v": [encode(x, budget, _depth + 1) for x in items]}
        if kind is dict:
            pairs = list(dict.items(value))
            budget[0] -= len(pairs)
            if budget[0] < 0:
                return {"$": "too-big"}
            return {"$": "dict", "v": [[encode(k, budget, _depth + 1), encode(v, budget, _depth + 1)]
                                       for k, v in pairs]}
        if callable(value) and not isinstance(value, type):
            return {"$": "callable", "name": str(getattr(value, "__name__", "function"))[:80]}
    except Exception:
        pass
    kind = type(value)
    return {"$": "opaque", "module": str(getattr(kind, "__module__", ""))[:80],
            "type": str(getattr(kind, "__qualname__", "object"))[-80:]}


def decode(data, _depth=0):
    """Rebuild a value from :func:`encode`'s data: built-in, numpy and pandas objects, or an inert stand-in.
    Only constructs data; never imports or calls anything the data names."""
    import re

    if _depth > 60:
        return None
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):  # not produced by encode, but harmless
        return [decode(x, _depth + 1) for x in data]
    if not isinstance(data, dict):
        return None
    tag = data.get("$")
    items = data.get("v")
    if tag == "ellipsis":
        return Ellipsis
    if tag == "int" and isinstance(items, str) and re.fullmatch(r"-?\d{1,4300}", items):
        return int(items)
    if tag == "float" and items in {"nan", "inf", "-inf"}:
        return float(items)
    if tag == "complex":
        try:
            return complex(float(decode(data.get("re"))), float(decode(data.get("im"))))
        except (TypeError, ValueError):
            return None
    if tag == "str":
        return str(items)
    if tag in {"list", "tuple", "set", "frozenset"} and isinstance(items, list):
        values = [decode(x, _depth + 1) for x in items]
        if tag == "list":
            return values
        if tag == "tuple":
            return tuple(values)
        try:
            return set(values) if tag == "set" else frozenset(values)
        except TypeError:
            return values
    if tag == "dict" and isinstance(items, list):
        out = {}
        for pair in items:
            if isinstance(pair, list) and len(pair) == 2:
                key = decode(pair[0], _depth + 1)
                try:
                    out[key] = decode(pair[1], _depth + 1)
                except TypeError:  # an unhashable key: keep the value under its text
                    out[repr(key)] = decode(pair[1], _depth + 1)
        return out
    if tag in {"npscalar", "ndarray"}:
        import numpy as np

        dtype = _safe_dtype(data.get("dtype"))
        if tag == "npscalar":
            try:
                return np.array([decode(items, _depth + 1)], dtype=dtype)[0]
            except Exception:
                return decode(items, _depth + 1)
        shape = data.get("shape") if isinstance(data.get("shape"), list) else None
        flat = [decode(x, _depth + 1) for x in items] if isinstance(items, list) else []
        try:
            array = np.array(flat, dtype=dtype)
        except Exception:
            array = np.array(flat, dtype=object)
        try:
            return array.reshape([int(n) for n in shape]) if shape is not None else array
        except Exception:
            return array
    if tag in {"series", "index", "frame"}:
        import pandas as pd

        if tag == "index":
            values = decode(items, _depth + 1)
            names = [decode(n, _depth + 1) for n in data.get("names", [])] if isinstance(data.get("names"), list) \
                else [None]
            if isinstance(values, list) and values and all(isinstance(v, tuple) for v in values) and len(names) > 1:
                try:
                    return pd.MultiIndex.from_tuples(values, names=names)
                except Exception:
                    pass
            try:
                return pd.Index(values, dtype=_safe_dtype(data.get("dtype"), pandas=True),
                                name=names[0] if names else None)
            except Exception:
                return pd.Index(values if isinstance(values, list) else [], dtype=object)
        index = decode(data.get("index"), _depth + 1)
        if tag == "series":
            values = decode(items, _depth + 1)
            values = values if isinstance(values, list) else []
            name = decode(data.get("name"), _depth + 1)
            for dtype in (_safe_dtype(data.get("dtype"), pandas=True), None, object):
                try:
                    return pd.Series(values, index=index if isinstance(index, pd.Index) else None, name=name,
                                     dtype=dtype)
                except Exception:
                    continue
            return pd.Series(values, dtype=object)
        columns = decode(data.get("columns"), _depth + 1)
        columns = columns if isinstance(columns, list) else []
        column_values = [decode(c, _depth + 1) for c in items] if isinstance(items, list) else []
        dtypes = data.get("dtypes") if isinstance(data.get("dtypes"), list) else []
        series = []
        for i, values in enumerate(column_values[: len(columns)]):
            values = values if isinstance(values, list) else []
            made = None
            for dtype in (_safe_dtype(dtypes[i] if i < len(dtypes) else None, pandas=True), None, object):
                try:
                    made = pd.Series(values, dtype=dtype)
                    break
                except Exception:
                    continue
            series.append(made if made is not None else pd.Series(values, dtype=object))
        try:
            frame = pd.concat(series, axis=1, ignore_index=True) if series else pd.DataFrame()
            frame.columns = columns[: frame.shape[1]] if series else frame.columns
            if isinstance(index, pd.Index) and len(index) == len(frame):
                frame.index = index
            return frame
        except Exception:
            return Opaque.make("pandas", "DataFrame", "it could not be rebuilt")
    if tag == "na":
        import pandas as pd

        return pd.NA
    if tag == "timestamp":
        import pandas as pd

        try:
            return pd.Timestamp(str(items))
        except Exception:
            return None
    if tag == "bytes":
        return Opaque.make("builtins", "bytes", f"{data.get('n')} bytes")
    if tag == "int-huge":
        return Opaque.make("builtins", "int", f"an integer of {data.get('bits')} bits, too large to copy")
    if tag == "too-big":
        return Opaque.make("builtins", "object", "a value too large to copy out of the notebook")
    if tag == "callable":
        return Opaque.make("builtins", "function", "a function")
    return Opaque.make(str(data.get("module", "")), str(data.get("type", "object")), "")


def _safe_dtype(name: object, pandas: bool = False) -> Any:
    """A dtype parsed from its name (only parsed, never imported); ``object`` if the name is not understood."""
    import numpy as np

    if not isinstance(name, str) or len(name) > 40:
        return object
    try:
        if pandas:
            import pandas as pd

            dtype = pd.api.types.pandas_dtype(name)
        else:
            dtype = np.dtype(name)
    except Exception:
        return object
    # A dtype name can ask for a huge allocation ("U500000000": 2 GB per element) or a structured type: only plain
    # scalar dtypes of a sensible size are rebuilt, anything else becomes object (the values are kept).
    if isinstance(dtype, np.dtype):
        if dtype.fields is not None or dtype.subdtype is not None or dtype.kind not in "biufcmMOSU":
            return object
        if dtype.itemsize > 64 or (dtype.kind in "SU" and dtype.itemsize == 0):
            return object
    return dtype


class Opaque:
    """An inert stand-in for a value that cannot be copied out of the kernel (a student's class, a module...).

    Its class is named like the original type (``__main__.Cheater``), so a check's message can name what the
    student handed in; it has no behaviour: every comparison is False and it converts to nothing.
    """

    note: str = ""

    @classmethod
    def make(cls, module: str, qualname: str, note: str) -> "Opaque":
        import re

        safe_name = re.sub(r"[^A-Za-z0-9_.]", "_", qualname)[-80:] or "object"
        safe_module = re.sub(r"[^A-Za-z0-9_.]", "_", module)[:80]
        kind = type(safe_name.split(".")[-1], (cls,), {"__qualname__": safe_name, "__module__": safe_module,
                                                        "note": note})
        return kind()

    def __repr__(self) -> str:
        kind = type(self)
        where = "" if kind.__module__ in {"builtins", ""} else kind.__module__ + "."
        return f"<{where}{kind.__qualname__}{': ' + self.note if self.note else ''}>"

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = object.__hash__


# ---------------------------------------------------------------------------------------------------------------
# The kernel side: code sent to the kernel after the student's cells.
# ---------------------------------------------------------------------------------------------------------------


def _kernel_collect(names, path, nonce):
    """(Runs in the kernel.) Encode the answer variables and write them to ``path`` as JSON."""
    import json

    ns = __import__("IPython").get_ipython().user_ns
    values = {}
    for name in names:
        values[name] = encode(ns[name]) if name in ns else {"$": "missing"}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"nonce": nonce, "values": values}, handle, allow_nan=False)


def _kernel_call(name, args_path, result_path, nonce):
    """(Runs in the kernel.) Call the function answer ``name`` on decoded arguments; write the encoded result."""
    import json

    ns = __import__("IPython").get_ipython().user_ns
    with open(args_path, encoding="utf-8") as handle:
        args = decode(json.load(handle))
    try:
        out = {"nonce": nonce, "result": encode(ns[name](*args))}
    except BaseException as exc:  # SystemExit and KeyboardInterrupt too: the check reports them as errors
        out = {"nonce": nonce, "error": type(exc).__name__[:80], "module": type(exc).__module__[:80]}
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump(out, handle, allow_nan=False)


def kernel_library() -> str:
    """Source of the codec and the kernel-side helpers, executed in a private namespace in the kernel."""
    parts = ["from __future__ import annotations"]
    parts += [inspect.getsource(f) for f in (encode, decode, _safe_dtype, _kernel_collect, _kernel_call)]
    parts.append(inspect.getsource(Opaque))
    return "\n\n".join(parts)


GRADER_NS = "__socialties_grader__"
