# SPDX-License-Identifier: Apache-2.0
"""waypoint for Python: results-based monitoring of action plans.

A pure-ctypes binding of waypoint's C API (include/waypoint/waypoint.h): no compiler is needed,
only the shared library libwaypoint-c (see `_capi.candidates` for where it is looked for; the
environment variable WAYPOINT_LIBRARY names it explicitly).

    import datetime, waypoint
    plan = waypoint.Plan.load("plan.yaml")
    ev = plan.evaluate(waypoint.Observations.from_csv("observations.csv"), as_of=datetime.date(2029, 6, 30))
    for s in ev.series:
        print(s.indicator, s.entity, s.status)

Every failure raises `waypoint.Error` with the library's message. Objects are immutable once
made, except `Observations`, which collects sources until a plan evaluates them; one plan can be
evaluated from many threads (the library releases the GIL during calls).
"""

import csv
import ctypes
import dataclasses
import json
import os
import datetime
import io
import numbers
import weakref
from typing import Tuple, Iterable, List, Mapping, NamedTuple, Optional, Sequence, Union

from . import _capi

__all__ = ["Error", "Plan", "Observations", "Evaluation", "SeriesResult", "Problem", "fields", "version", "validate", "import_iati",
           "partitions_of",
           "STATUSES", "__version__"]

#: The version of this package; the library it loads has the same major version and at least its minor one.
__version__ = "0.2.0"

STATUSES = _capi.STATUSES


class Error(Exception):
    """A waypoint call failed.

    str(error) is the library's message (for bad files: every problem, one per line, with its
    location). `code` is the stable code of the first problem ("plan.duplicate_id",
    "obs.unknown_entity", "method.unknown"...), `status` the C status code and `status_name` its
    name ("E_INVALID"...).
    """

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.status_name = _capi.STATUS_NAMES.get(status, f"E_{status}")
        self.code = code
        self.message = message


def _check(status: int) -> None:
    if status != _capi.OK:
        lib = _capi.lib()
        raise Error(status, lib.waypoint_last_error_code().decode(), lib.waypoint_last_error().decode())


def _bytes(text: Union[str, bytes]) -> bytes:
    return text if isinstance(text, bytes) else str(text).encode()


def version() -> str:
    """The version of the loaded library, "MAJOR.MINOR.PATCH"."""
    return _capi.lib().waypoint_version(None, None, None).decode()


class _Handle:
    """Owns one C handle and destroys it when collected."""

    def __init__(self, handle: ctypes.c_void_p, destroy):
        self._handle = handle
        self._finalizer = weakref.finalize(self, destroy, handle)

    @classmethod
    def _adopt(cls, handle: ctypes.c_void_p, destroy):
        """An object of `cls` owning `handle`, made without the public constructor (which the
        classes that users never build directly refuse)."""
        obj = object.__new__(cls)
        _Handle.__init__(obj, handle, destroy)
        return obj

    @property
    def _as_parameter_(self):
        return self._handle


# The most threads a run may ask for (waypoint::max_threads).
MAX_THREADS = 1024


class Plan(_Handle):
    """An immutable, validated action plan. Make one with `Plan.load(path)` or
    `Plan.from_string(text, format)`; `waypoint.import_iati` gives one from an IATI file."""

    def __init__(self) -> None:
        """Plans are made by `Plan.load(path)` or `Plan.from_string(text, format)`."""
        raise TypeError("make a plan with Plan.load(path) or Plan.from_string(text, format)")

    def __repr__(self) -> str:
        return f"<waypoint.Plan {self.id!r}: {self.title!r}, {len(self.indicators)} indicators>"

    @classmethod
    def load(cls, path, format: Optional[str] = None) -> "Plan":
        """Loads a plan file. `format`: "yaml", "json" or "indicator_table" (alias "csv"); by
        default from the extension (.json, .csv, else YAML)."""
        if not isinstance(path, (str, bytes, os.PathLike)):
            raise TypeError(f"Plan.load needs a path (str, bytes or os.PathLike), got {type(path).__name__}")
        lib = _capi.lib()
        out = ctypes.c_void_p()
        _check(lib.waypoint_plan_load(_bytes(os.fspath(path)), _plan_format(format), ctypes.byref(out)))
        return cls._adopt(out, lib.waypoint_plan_destroy)

    @classmethod
    def from_string(cls, text: Union[str, bytes], format: str = "yaml", name: Optional[str] = None) -> "Plan":
        """Parses a plan from text in `format` ("yaml", "json" or "indicator_table"); `name` is used
        in error locations."""
        if format in (None, "auto"):
            raise ValueError("give the format of a plan text: yaml, json or indicator_table")
        lib = _capi.lib()
        data = _bytes(text)
        out = ctypes.c_void_p()
        _check(lib.waypoint_plan_parse(data, len(data), _plan_format(format), _bytes(name) if name else None, ctypes.byref(out)))
        return cls._adopt(out, lib.waypoint_plan_destroy)

    def _text(self, getter) -> str:
        s = ctypes.c_char_p()
        _check(getter(self, ctypes.byref(s)))
        return s.value.decode()

    @property
    def id(self) -> str:
        """The plan's id, e.g. "ccm-2027-2031"."""
        return self._text(_capi.lib().waypoint_plan_id)

    @property
    def title(self) -> str:
        """The plan's title."""
        return self._text(_capi.lib().waypoint_plan_title)

    @property
    def indicators(self) -> List[str]:
        """The indicator ids, in plan order."""
        lib = _capi.lib()
        n = ctypes.c_size_t()
        _check(lib.waypoint_plan_indicator_count(self, ctypes.byref(n)))
        ids = []
        for i in range(n.value):
            s = ctypes.c_char_p()
            _check(lib.waypoint_plan_indicator_id(self, i, ctypes.byref(s)))
            ids.append(s.value.decode())
        return ids

    def evaluate(self, observations: "Observations", as_of: Union[datetime.date, str, None] = None,
                 method: Optional[str] = None, params: Union[Mapping[str, object], Iterable[str], None] = None,
                 traces: bool = True, threads: int = 0, partition: Optional[Tuple[int, int]] = None) -> "Evaluation":
        """Evaluates the plan against `observations` as of a date (default: all data). `method`
        evaluates every indicator with that method; `params` ({"tolerance": 0.05} or
        ["tolerance=0.05"]) override method parameters; `traces=False` leaves traces out of the
        JSON output; `threads` (0: one per core) never changes the result; `partition=(k, n)`
        evaluates only partition k (0-based) of n, a stable hash of (indicator, entity): the n
        partitions merged in (indicator, entity, disaggregation) order give the single run's rows
        (see examples/python/dask_evaluate.py)."""
        lib = _capi.lib()
        handle = observations._handle_for(self)
        opt, keep = _options(as_of, method, params, traces, threads, partition)
        out = ctypes.c_void_p()
        _check(lib.waypoint_evaluate(self, handle, ctypes.byref(opt), ctypes.byref(out)))
        del keep
        return Evaluation._adopt(out, lib.waypoint_evaluation_destroy)

    def evaluate_csv(self, observations: "Observations", columns: Optional[Iterable[str]] = None,
                     as_of: Union[datetime.date, str, None] = None, method: Optional[str] = None,
                     params: Union[Mapping[str, object], Iterable[str], None] = None, threads: int = 0,
                     partition: Optional[Tuple[int, int]] = None) -> str:
        """Evaluates like `evaluate` and returns the CSV text straight away, keeping no evaluation:
        the way to evaluate a large store (or one partition of it) for a table. `columns` names the
        columns, in order (default: all; names from the CSV header). For methods with a fast path
        (sdg-canada) no trace is built, and reasons only for the rows that have one (when the
        `reason` column is asked for). The text equals `evaluate(...).to_csv()` for
        the same columns. Raises `Error` (code csv.unknown_column or csv.duplicate_column) for a
        column name that does not exist or comes twice."""
        lib = _capi.lib()
        handle = observations._handle_for(self)
        opt, keep = _options(as_of, method, params, False, threads, partition)
        names = [_bytes(c) for c in (columns or [])]
        array = (ctypes.c_char_p * max(1, len(names)))(*names)
        buf = ctypes.c_void_p()
        n = ctypes.c_size_t()
        _check(lib.waypoint_evaluate_csv(self, handle, ctypes.byref(opt), array if names else None, len(names),
                                         ctypes.byref(buf), ctypes.byref(n)))
        del keep
        try:
            return ctypes.string_at(buf, n.value).decode()
        finally:
            lib.waypoint_free(buf)


    def evaluate_pandas(self, observations: "Observations", columns: Optional[Iterable[str]] = None,
                        as_of: Union[datetime.date, str, None] = None, method: Optional[str] = None,
                        params: Union[Mapping[str, object], Iterable[str], None] = None, threads: int = 0,
                        partition: Optional[Tuple[int, int]] = None):
        """Evaluates like `evaluate_csv` and returns the series as a pandas DataFrame built from
        the library's columns (the C API's Arrow columns, read with numpy), keeping no evaluation:
        the fast way from data to a DataFrame. The frame is `evaluate(...).to_pandas()` for the
        same columns (see `Evaluation.to_pandas` for the dtypes). `columns` names the CSV columns
        to keep, in order (default: all). Needs numpy and pandas."""
        from . import _columns
        lib = _capi.lib()
        handle = observations._handle_for(self)
        opt, keep = _options(as_of, method, params, False, threads, partition)
        names = [_bytes(c) for c in (columns or [])]
        array = (ctypes.c_char_p * max(1, len(names)))(*names)
        schema, data = _capi.ArrowSchema(), _capi.ArrowArray()
        _check(lib.waypoint_evaluate_columns(self, handle, ctypes.byref(opt), array if names else None, len(names),
                                             ctypes.byref(schema), ctypes.byref(data)))
        del keep
        return _columns.frame_of(schema, data, _PERIOD_FIELDS)

    def deadlines(self, as_of: Union[datetime.date, str], observations: Optional["Observations"] = None):
        """Every obligation of every entity (and, with `observations`, every overdue or late
        report) as of `as_of`, overdue first, as a pandas DataFrame: entity, obligation, state,
        deadline, original_deadline, extensions, completed, days (past the deadline; negative =
        days left; NaN where none runs), as `waypoint deadlines --format csv`. Needs pandas."""
        from . import _columns
        if isinstance(as_of, datetime.datetime):
            as_of = as_of.date()
        text = as_of.isoformat() if isinstance(as_of, datetime.date) else str(as_of)
        handle = observations._handle_for(self) if observations is not None else None
        schema, data = _capi.ArrowSchema(), _capi.ArrowArray()
        _check(_capi.lib().waypoint_deadlines(self, handle, _bytes(text), ctypes.byref(schema), ctypes.byref(data)))
        return _columns.frame_of(schema, data)

    def export_iati(self, observations: "Observations") -> str:
        """The plan and `observations` as one IATI 2.03 activity (XML text), as `waypoint export
        iati` writes it."""
        lib = _capi.lib()
        handle = observations._handle_for(self)
        buf = ctypes.c_void_p()
        n = ctypes.c_size_t()
        _check(lib.waypoint_iati_export(self, handle, ctypes.byref(buf), ctypes.byref(n)))
        try:
            return ctypes.string_at(buf, n.value).decode()
        finally:
            lib.waypoint_free(buf)


_PERIOD_FIELDS = ("base_period", "current_period", "target_period", "next_milestone_period")


class Problem(NamedTuple):
    """A problem found in a file: `severity` "error" or "warning", the stable `code`
    (docs/errors.md), where (`file`, `line`, `column`: 0 when unknown, `pointer`: a JSON pointer
    or "") and the `message`."""

    severity: str
    code: str
    file: str
    line: int
    column: int
    pointer: str
    message: str

    def __str__(self):
        where = self.file + "".join(f":{n}" for n in (self.line, self.column) if n)
        return f"{self.severity}: {where}: {self.code}: {self.message}"


def _problems(schema, array) -> List[Problem]:
    from . import _columns
    return [Problem(**r) for r in _columns.rows_of(schema, array)]


def validate(plan_path, observations_path=None, format: Optional[str] = None) -> List[Problem]:
    """Checks a plan file (and an observation CSV file against it, when the plan has no error) as
    `waypoint validate` does, and returns every problem and warning found: an empty list when all
    is well. Problems in the files are returned, not raised."""
    lib = _capi.lib()
    schema, data = _capi.ArrowSchema(), _capi.ArrowArray()
    errors = ctypes.c_size_t()
    _check(lib.waypoint_validate(_bytes(plan_path), _plan_format(format), None if observations_path is None else _bytes(observations_path),
                                 ctypes.byref(errors), ctypes.byref(schema), ctypes.byref(data)))
    return _problems(schema, data)


def import_iati(source, activity: Optional[str] = None) -> Tuple[Plan, "Observations", List[Problem]]:
    """Reads an IATI 2.01-2.03 activity file (a path, or XML as bytes) as `waypoint import iati`
    does: the plan, its observations, and the findings (what was skipped, with where). `activity`
    picks an iati-identifier when the file holds several. Raises Error (codes iati.*)."""
    lib = _capi.lib()
    plan, obs = ctypes.c_void_p(), ctypes.c_void_p()
    schema, data = _capi.ArrowSchema(), _capi.ArrowArray()
    act = None if activity is None else _bytes(activity)
    if isinstance(source, bytes):
        _check(lib.waypoint_iati_parse(source, len(source), b"<bytes>", act, ctypes.byref(plan), ctypes.byref(obs), ctypes.byref(schema),
                                       ctypes.byref(data)))
    else:
        _check(lib.waypoint_iati_load(_bytes(source), act, ctypes.byref(plan), ctypes.byref(obs), ctypes.byref(schema), ctypes.byref(data)))
    findings = _problems(schema, data)
    p = Plan._adopt(plan, lib.waypoint_plan_destroy)
    observations = Observations()
    observations._sources.append(("imported",))
    observations._bound = (p, _Handle(obs, lib.waypoint_observations_destroy))
    return p, observations, findings


def partitions_of(indicator, entity, count: int):
    """The partition (0 ... count-1) of each row of two pandas Series (or anything pandas can
    factorize) of indicator and entity ids, as a numpy uint32 array: the stable hash that
    `evaluate(..., partition=(k, count))` uses, the same on every machine. Spreading observations
    over workers by it gives each worker every row of its series (examples/python/dask_evaluate.py).
    Needs numpy and pandas."""
    import numpy
    import pandas
    from . import _columns
    ind, ent = _columns._Text(pandas.Series(indicator)), _columns._Text(pandas.Series(entity))
    if len(ind.codes) != len(ent.codes):
        raise ValueError(f"partitions_of: {len(ind.codes)} indicators but {len(ent.codes)} entities")
    if not 0 < count < 2**32:
        raise ValueError(f"partitions_of: count {count!r} must be a positive 32-bit int")
    out = numpy.empty(len(ind.codes), dtype=numpy.uint32)
    _check(_capi.lib().waypoint_partitions_of(ctypes.byref(ind.struct()), ctypes.byref(ent.struct()), len(out), count,
                                              out.ctypes.data if len(out) else None))
    return out


def _options(as_of, method, params, traces, threads, partition):
    """The C options of a run, and the ctypes objects they point into (keep them alive)."""
    lib = _capi.lib()
    opt = _capi.EvaluationOptions()
    _check(lib.waypoint_evaluation_options_init(ctypes.byref(opt), _capi.EVALUATION_OPTIONS_VERSION))
    if isinstance(as_of, datetime.datetime):
        as_of = as_of.date()
    if as_of is not None:
        opt.as_of = _bytes(as_of.isoformat() if isinstance(as_of, datetime.date) else as_of)
    if method:
        opt.method = _bytes(method)
    if isinstance(params, Mapping):
        pairs = [f"{k}={v}" for k, v in params.items()]
    else:
        pairs = [params] if isinstance(params, str) else list(params or [])
    array = (ctypes.c_char_p * max(1, len(pairs)))(*[_bytes(p) for p in pairs])
    opt.params = array
    opt.param_count = len(pairs)
    opt.traces = 1 if traces else 0
    if not isinstance(threads, int) or not 0 <= threads <= MAX_THREADS:
        raise ValueError(f"threads={threads!r}: need an int from 0 (one per core) to {MAX_THREADS}")
    opt.threads = threads
    if partition is not None:
        k, n = partition
        if not (isinstance(k, int) and isinstance(n, int) and 0 <= k < n <= 0xFFFFFFFF):
            raise ValueError(f"partition {k}/{n}: need ints with 0 <= k < n < 2**32")
        opt.partition_index, opt.partition_count = int(k), int(n)
    return opt, array


def _plan_format(format: Optional[str]) -> int:
    try:
        return _capi.PLAN_FORMATS[format]
    except KeyError:
        raise ValueError(f"unknown plan format {format!r} (yaml, json or indicator_table)") from None


def _text_of(value) -> str:
    """A value as the observation CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return "" if value != value else repr(float(value))
    if isinstance(value, datetime.datetime):  # a pandas Timestamp too: its date, as the CSV has it
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _missing(value) -> bool:
    """None, NaN and pandas' NA/NaT: no data."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT
    except (TypeError, ValueError):
        return False


_BASIC = ("indicator", "entity", "period", "value", "reported_on")


def _row_dict(row) -> dict:
    if isinstance(row, Mapping):
        d = dict(row)
        if "year" in d and "period" not in d:
            d["period"] = d.pop("year")
        return d
    if not 4 <= len(row) <= 5:
        raise ValueError(f"a row is (indicator, entity, period, value[, reported_on]), got {row!r}")
    return dict(zip(_BASIC, row))


class Observations:
    """Observations: CSV files, CSV text and rows, collected until a plan evaluates them.

    They are checked against a plan when it evaluates them (or by `check(plan)`): then every
    problem is reported at once, with its file and line (rows are located as "<rows>:N").
    """

    def __init__(self):
        """An empty set; `from_csv`, `from_csv_text`, `from_rows` and `from_pandas` make a filled one."""
        self._sources = []  # ("file", path) | ("text", bytes, name) | ("rows", [dict])
        self._bound = None  # (plan, handle) for the last plan that evaluated them

    def __repr__(self) -> str:
        kinds = {"file": "file", "text": "CSV text", "rows": "row list", "frame": "DataFrame", "imported": "IATI import"}
        parts = [kinds.get(source[0], source[0]) for source in self._sources]
        text = ", ".join(f"{parts.count(k)} {k}" + ("s" if parts.count(k) > 1 else "") for k in dict.fromkeys(parts)) or "empty"
        if self._bound is not None:
            text += f"; last evaluated with plan {self._bound[0].id!r}"
        return f"<waypoint.Observations: {text}>"

    @classmethod
    def from_csv(cls, path) -> "Observations":
        """Observations from a CSV file: indicator,entity,period|year,value[,reported_on,flag,source,dim:*]."""
        return cls().add_csv(path)

    @classmethod
    def from_csv_text(cls, text: Union[str, bytes], name: str = "<input>") -> "Observations":
        """Observations from CSV text (with its header line)."""
        return cls().add_csv_text(text, name)

    @classmethod
    def from_rows(cls, rows: Iterable) -> "Observations":
        """Observations from any iterable of rows: tuples (indicator, entity, period, value[,
        reported_on]) or mappings with those keys (or "year" for "period") and optionally "flag",
        "source" and "dim:<name>". A value is a number (1/0 or True/False for a binary indicator, the
        level index for an ordinal one), or text as the CSV format has it ("yes", a level name, a
        narrative). A value of None is "no data": the row is left out."""
        return cls().extend(rows)

    @classmethod
    def from_pandas(cls, df, indicator: str = "indicator", entity: str = "entity", period: Optional[str] = None,
                    value: str = "value", reported_on: Optional[str] = None, flag: Optional[str] = None,
                    source: Optional[str] = None, dims: Union[Mapping[str, str], Iterable[str], None] = None) -> "Observations":
        """Observations from a pandas DataFrame, one row per observation, taken column by column
        through the C API (waypoint_observations_append_columns): no per-row Python loop.

        The arguments name the columns: `period` defaults to "period", or "year" when there is no
        "period" column. Periods may be integer years, texts ("2023", "2023-Q2", "2023-05",
        "2023-05-31", "2023-01-01/2023-06-30"), datetime64/Timestamp (a day), pandas Periods
        (year, quarter, month, day, or any other span as a range) or dates. Values are numbers (1/0
        or booleans for a binary indicator, the level index for an ordinal one); NaN, None and
        pd.NA mean "no data" and the row is left out. A column of texts (yes/no, level names,
        narratives) goes through the CSV reader instead, with every rule of the CSV format.
        `reported_on` is a column of dates (datetime64, dates or ISO texts; missing = unknown),
        `flag` of "estimated"/"provisional"/empty, `source` of texts, and `dims` maps dimension
        names to columns ({"sex": "sex"}, or a list of column names used as both). Left as None,
        each is the column of its CSV name when there is one ("reported_on", "flag", "source",
        and every "dim:<name>" column), so a DataFrame read from an observation CSV file needs no
        argument; pass False to ignore such a column. Categorical
        columns are used as they are (codes and categories). The rows are checked against the plan
        that evaluates them, all at once, located as "<columns>:N" with N the row's position
        (from 1). Needs numpy and pandas."""
        return cls().add_pandas(df, indicator=indicator, entity=entity, period=period, value=value,
                                reported_on=reported_on, flag=flag, source=source, dims=dims)

    def add_pandas(self, df, indicator: str = "indicator", entity: str = "entity", period: Optional[str] = None,
                   value: str = "value", reported_on: Optional[str] = None, flag: Optional[str] = None,
                   source: Optional[str] = None, dims: Union[Mapping[str, str], Iterable[str], None] = None) -> "Observations":
        """Adds the rows of a DataFrame (see `from_pandas`)."""
        if period is None:
            period = "period" if "period" in df.columns or "year" not in df.columns else "year"
        # The optional columns of the CSV format are found by their CSV names unless given (False: none).
        found = lambda given, name: (name if name in df.columns else None) if given is None else (given or None)
        reported_on, flag, source = found(reported_on, "reported_on"), found(flag, "flag"), found(source, "source")
        if dims is None:
            dims = {str(c)[4:]: c for c in df.columns if str(c).startswith("dim:")}
        elif dims is False:
            dims = {}
        elif not isinstance(dims, Mapping):
            dims = {d: d for d in dims}
        spec = dict(indicator=indicator, entity=entity, period=period, value=value, reported_on=reported_on,
                    flag=flag, source=source, dims=dict(dims))
        self._sources.append(("frame", df, spec))
        self._unbind()
        return self

    def add_csv(self, path) -> "Observations":
        """Adds a CSV file of observations (read when a plan evaluates them); returns self."""
        self._sources.append(("file", str(path)))
        self._unbind()
        return self

    def add_csv_text(self, text: Union[str, bytes], name: str = "<input>") -> "Observations":
        """Adds CSV text (`name` locates its problems); returns self."""
        self._sources.append(("text", _bytes(text), name))
        self._unbind()
        return self

    def append(self, indicator: str, entity: str, period, value, reported_on=None) -> "Observations":
        """Adds one row."""
        return self.extend([(indicator, entity, period, value, reported_on)])

    def extend(self, rows: Iterable) -> "Observations":
        """Adds rows (see `from_rows`)."""
        batch = []
        for d in (_row_dict(r) for r in rows):
            if _missing(d.get("value")):
                continue  # no data: never read as 0
            for k in list(d):
                if k != "value" and _missing(d[k]):
                    d[k] = None  # a default pd.read_csv gives NaN for an empty reported_on, flag...
            batch.append(d)
        if batch:
            self._sources.append(("rows", batch))
            self._unbind()
        return self

    def check(self, plan: Plan) -> int:
        """Checks every source against `plan` and returns the number of rows; raises Error listing
        every problem."""
        handle = self._handle_for(plan)
        lib = _capi.lib()
        _check(lib.waypoint_observations_seal(handle))
        n = ctypes.c_size_t()
        _check(lib.waypoint_observations_row_count(handle, ctypes.byref(n)))
        return n.value

    def _unbind(self):
        self._bound = None  # the set is made again, with every source, for the next evaluation

    def _handle_for(self, plan: Plan) -> _Handle:
        """The C observation set for `plan`, made once per plan and sources."""
        if self._bound is not None and self._bound[0] is plan:
            return self._bound[1]
        if any(source[0] == "imported" for source in self._sources):
            raise ValueError("observations imported from IATI are evaluated with the plan imported with them, and take no other rows")
        lib = _capi.lib()
        out = ctypes.c_void_p()
        if len(self._sources) == 1 and self._sources[0][0] == "file":
            _check(lib.waypoint_observations_load_csv(plan, _bytes(self._sources[0][1]), ctypes.byref(out)))
            handle = _Handle(out, lib.waypoint_observations_destroy)
        else:
            _check(lib.waypoint_observations_create(plan, ctypes.byref(out)))
            handle = _Handle(out, lib.waypoint_observations_destroy)
            for source in self._sources:
                if source[0] == "file":
                    with open(source[1], "rb") as f:
                        data = f.read()
                    _check(lib.waypoint_observations_append_csv(handle, data, len(data), _bytes(source[1])))
                elif source[0] == "text":
                    _check(lib.waypoint_observations_append_csv(handle, source[1], len(source[1]), _bytes(source[2])))
                elif source[0] == "frame":
                    _append_frame(lib, handle, source[1], source[2])
                else:
                    _append_rows(lib, handle, source[1])
        self._bound = (plan, handle)
        return handle


def _append_frame(lib, handle, df, spec) -> None:
    """A DataFrame's columns through waypoint_observations_append_columns; a column of text
    values through the CSV reader."""
    from . import _columns
    import pandas
    try:
        if not (pandas.api.types.is_numeric_dtype(df[spec["value"]].dtype) or pandas.api.types.is_bool_dtype(df[spec["value"]].dtype)):
            pandas.to_numeric(df[spec["value"]])  # raises for texts
    except (ValueError, TypeError):
        names = {spec["indicator"]: "indicator", spec["entity"]: "entity", spec["period"]: "period", spec["value"]: "value"}
        for key in ("reported_on", "flag", "source"):
            if spec[key] is not None:
                names[spec[key]] = key
        names.update({column: "dim:" + d for d, column in spec["dims"].items()})
        part = df[list(names)].rename(columns=names)
        part["period"] = [_columns._period_text(p) for p in part["period"]]
        if "reported_on" in part:
            part["reported_on"] = ["" if _missing(r) else _text_of(r) for r in part["reported_on"]]
        data = part.to_csv(index=False).encode()
        _check(lib.waypoint_observations_append_csv(handle, data, len(data), b"<columns>"))
        return
    columns, keep = _columns.observation_columns(df, **spec)
    _check(lib.waypoint_observations_append_columns(handle, ctypes.byref(columns)))
    del keep


def _append_rows(lib, handle, rows: Sequence[dict]) -> None:
    """Numeric rows with only the basic columns go through the typed arrays; any other batch is
    written as CSV text, which the library reads with every rule of the CSV format."""
    basic = all(set(r) <= set(_BASIC) and isinstance(r["value"], numbers.Real) for r in rows)
    if basic:
        n = len(rows)
        strings = lambda key: (ctypes.c_char_p * n)(*[None if r.get(key) is None else _bytes(_text_of(r[key])) for r in rows])
        values = (ctypes.c_double * n)(*[float(r["value"]) for r in rows])
        reported = strings("reported_on") if any(r.get("reported_on") is not None for r in rows) else None
        _check(lib.waypoint_observations_append_rows(handle, n, strings("indicator"), strings("entity"), strings("period"),
                                                     values, reported))
        return
    columns = list(_BASIC[:4])
    for r in rows:
        columns += [k for k in r if k not in columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([_text_of(r.get(c)) for c in columns])
    data = out.getvalue().encode()
    _check(lib.waypoint_observations_append_csv(handle, data, len(data), b"<rows>"))


class SeriesResult:
    """The result for one series (indicator x entity x disaggregation), read-only. Its attributes
    are the fields of the result vocabulary, in output order (`fields()`, `waypoint fields`; the
    CSV columns, then `trace` and `collective` as dicts or None). Absent numbers, periods and
    booleans are None."""

    __slots__ = ("_values",)

    def __init__(self, values: dict):
        object.__setattr__(self, "_values", values)

    def __getattr__(self, name):
        try:
            return object.__getattribute__(self, "_values")[name]
        except KeyError:
            raise AttributeError(f"SeriesResult has no field {name!r}") from None

    def __setattr__(self, name, value):
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __dir__(self):
        return list(self._values)

    def __eq__(self, other):
        return isinstance(other, SeriesResult) and self._values == other._values

    def __hash__(self):
        return hash((self._values["indicator"], self._values["entity"], self._values["disaggregation"]))

    def __repr__(self):
        keys = ("indicator", "entity", "disaggregation", "status", "category", "score")
        return "SeriesResult(" + ", ".join(f"{k}={self._values[k]!r}" for k in keys) + ", ...)"

    def as_dict(self) -> dict:
        """Every field, in output order."""
        return dict(self._values)


def fields():
    """The result vocabulary: a list of (name, type, description), in output order."""
    return [(name, kind, description) for name, _, kind, description in _capi.fields()]


def _read_result(lib, r) -> SeriesResult:
    values = {}
    s = ctypes.c_char_p()
    v = ctypes.c_double()
    present = ctypes.c_int()
    i = ctypes.c_int64()
    for name, field, kind, _ in _capi.fields():
        if kind in ("text", "period", "object"):
            _check(lib.waypoint_result_string(r, field, ctypes.byref(s)))
            text = s.value.decode()
            if kind == "object":
                values[name] = json.loads(text)
            else:
                values[name] = None if kind == "period" and text == "" else text
        elif kind == "number":
            _check(lib.waypoint_result_number(r, field, ctypes.byref(v), ctypes.byref(present)))
            values[name] = v.value if present.value else None
        elif kind == "boolean":
            rc = lib.waypoint_result_integer(r, field, ctypes.byref(i))
            values[name] = None if rc == _capi.E_ABSENT else (_check(rc) or bool(i.value))
        else:
            _check(lib.waypoint_result_integer(r, field, ctypes.byref(i)))
            values[name] = i.value
    return SeriesResult(values)


class Evaluation(_Handle):
    """An immutable evaluation: a status, trend and gaps for every series. Made by
    `Plan.evaluate(observations, as_of=...)`."""

    def __init__(self) -> None:
        """Evaluations are made by `Plan.evaluate(observations, as_of=...)`."""
        raise TypeError("make an evaluation with plan.evaluate(observations, as_of=...)")

    def __repr__(self) -> str:
        counts = ", ".join(f"{n} {status}" for status, n in self.status_counts().items() if n)
        as_of = self.as_of.isoformat() if self.as_of else "the latest data"
        return f"<waypoint.Evaluation as of {as_of}: {len(self)} series ({counts})>"

    @property
    def as_of(self) -> Optional[datetime.date]:
        """The evaluation date, or None when every observation was used."""
        s = ctypes.c_char_p()
        _check(_capi.lib().waypoint_evaluation_as_of(self, ctypes.byref(s)))
        return datetime.date.fromisoformat(s.value.decode()) if s.value else None

    @property
    def series(self) -> List[SeriesResult]:
        """One result per series, sorted by indicator, entity and disaggregation."""
        cached = self.__dict__.get("_series")
        if cached is None:
            lib = _capi.lib()
            n = ctypes.c_size_t()
            _check(lib.waypoint_evaluation_count(self, _capi.RESULTS_SERIES, ctypes.byref(n)))
            cached = []
            r = ctypes.c_void_p()
            for k in range(n.value):
                _check(lib.waypoint_evaluation_result(self, _capi.RESULTS_SERIES, k, ctypes.byref(r)))
                cached.append(_read_result(lib, r))
            self.__dict__["_series"] = cached
        return list(cached)

    def __len__(self) -> int:
        n = ctypes.c_size_t()
        _check(_capi.lib().waypoint_evaluation_count(self, _capi.RESULTS_SERIES, ctypes.byref(n)))
        return n.value

    def __iter__(self):
        return iter(self.series)

    def status_counts(self) -> dict:
        """{status: number of series}, for every status in the library's order."""
        lib = _capi.lib()
        counts = {}
        n = ctypes.c_size_t()
        for code, name in enumerate(_capi.STATUSES):
            _check(lib.waypoint_evaluation_status_count(self, code, ctypes.byref(n)))
            counts[name] = n.value
        return counts

    def render(self, format: str, lang: str = "en") -> str:
        """The evaluation as "table", "csv", "json", "html" or "markdown", byte-identical to
        `waypoint evaluate --format ... --lang ...`: the table, HTML and Markdown in `lang` ("en",
        "fr" or "es"); CSV and JSON keep their codes."""
        if format not in _capi.FORMATS:
            raise ValueError(f"unknown format {format!r} (table, csv, json, html or markdown)")
        if lang not in _capi.LANGUAGES:
            raise ValueError(f"unknown language {lang!r} ({', '.join(_capi.LANGUAGES)})")
        lib = _capi.lib()
        buf = ctypes.c_void_p()
        n = ctypes.c_size_t()
        _check(lib.waypoint_evaluation_render_in(self, _capi.FORMATS[format], _capi.LANGUAGES[lang], ctypes.byref(buf), ctypes.byref(n)))
        try:
            return ctypes.string_at(buf, n.value).decode()
        finally:
            lib.waypoint_free(buf)

    def to_csv(self) -> str:
        """The CSV output (`waypoint evaluate --format csv`): one row per series, every column."""
        return self.render("csv")

    def to_json(self) -> str:
        """The JSON output (`waypoint evaluate --format json`), with traces when the evaluation has them."""
        return self.render("json")

    def to_table(self, lang: str = "en") -> str:
        """The text table (`waypoint evaluate --format table --lang ...`), in "en", "fr" or "es"."""
        return self.render("table", lang)

    def to_html(self, lang: str = "en") -> str:
        """The self-contained HTML report (`waypoint evaluate --format html --lang ...`), in "en", "fr" or "es"."""
        return self.render("html", lang)

    def to_markdown(self, lang: str = "en") -> str:
        """The Markdown report (`waypoint evaluate --format markdown --lang ...`), in "en", "fr" or "es"."""
        return self.render("markdown", lang)

    def to_pandas(self, kind: str = "series", columns: Optional[Iterable[str]] = None):
        """A result table as a pandas DataFrame, built from the library's columns with numpy
        (waypoint_evaluation_columns), in the column order of the CLI's CSV output of that kind.

        `kind` is "series" (one row per series), "collective" (one row per period of each
        collective series computed from national values: population, rule, members, value, and
        per group of the rule, e.g. `meeting`, its ';'-joined entity ids and `meeting_count`),
        "indicators", "actions", "sections", "plan", "challenges" or "milestones"; `columns` picks and orders columns by name (series may also
        name "trace" and "collective", as parsed JSON). Types: numbers are float64 (absent = NaN);
        counts int64; booleans pandas' nullable "boolean"; status, category, method, level and
        state pandas categoricals; periods pd.Period when every period of the column has one
        form (years, quarters, months or days; else text, "" when absent); dates (a milestone's
        due date) datetime64; other texts Python strings. Needs numpy and pandas."""
        from . import _columns
        if kind not in _capi.RESULT_KINDS:
            raise ValueError(f"unknown kind {kind!r} ({', '.join(_capi.RESULT_KINDS)})")
        names = [_bytes(c) for c in (columns or [])]
        array = (ctypes.c_char_p * max(1, len(names)))(*names)
        schema, data = _capi.ArrowSchema(), _capi.ArrowArray()
        _check(_capi.lib().waypoint_evaluation_columns(self, _capi.RESULT_KINDS[kind], array if names else None, len(names),
                                                       ctypes.byref(schema), ctypes.byref(data)))
        return _columns.frame_of(schema, data, _PERIOD_FIELDS + ("period",) if kind == "collective" else _PERIOD_FIELDS)
