# SPDX-License-Identifier: Apache-2.0
"""Columns between the C API and pandas, with numpy and no per-row Python loop.

- `frame_of(schema, array)`: a DataFrame from the Arrow C Data Interface structs the C API fills
  (waypoint_evaluation_columns, waypoint_evaluate_columns); releases them.
- `observation_columns(df, ...)`: the arrays of a `waypoint_observation_columns` struct from a
  DataFrame (waypoint_observations_append_columns).

Needs numpy and pandas (Debian: python3-numpy, python3-pandas); imported only when used.
"""

import ctypes
import datetime
import json

from . import _capi

# Columns that are categories of a fixed vocabulary: pandas categoricals.
CATEGORICAL = {"status", "category", "method", "level", "state"}
# Period texts by form: each form has a pandas frequency.
_FREQ = {4: "A", 7: "Q", 10: "D"}


def _np():
    import numpy
    return numpy


def _array(ptr, ctype, n):
    """A numpy copy of `n` values of `ctype` at address `ptr`."""
    np = _np()
    if n == 0:
        return np.empty(0, dtype=np.dtype(ctype))
    return np.ctypeslib.as_array((ctype * n).from_address(ptr)).copy()


def _valid(a, n):
    """The validity of `n` rows (a bool array), or None when none is null."""
    np = _np()
    if a.null_count == 0 or not a.buffers[0]:
        return None
    bits = np.frombuffer(ctypes.string_at(a.buffers[0], (n + 7) // 8), dtype=np.uint8)
    return np.unpackbits(bits, bitorder="little")[:n].astype(bool)


def _strings(a, offset_type):
    """The strings of a "u" (int32 offsets) or "U" (int64 offsets) array."""
    n = a.length
    offsets = _array(a.buffers[1], offset_type, n + 1)
    data = ctypes.string_at(a.buffers[2], int(offsets[-1])) if n else b""
    return [data[offsets[k]:offsets[k + 1]].decode() for k in range(n)]


def _period_dtype(values):
    """The pandas frequency of period texts when they all have one form (years, quarters,
    months or days), else None. Empty texts (absent periods) do not count."""
    forms = set()
    for v in values:
        if v == "":
            continue
        if len(v) == 4 and v.isdigit():
            forms.add("A")
        elif len(v) == 7 and v[4:6] == "-Q":
            forms.add("Q")
        elif len(v) == 7 and v[4] == "-":
            forms.add("M")
        elif len(v) == 10:
            forms.add("D")
        else:
            return None
    return forms.pop() if len(forms) == 1 else None


def _column(name, fmt, s, a, periods):
    pd = __import__("pandas")
    np = _np()
    n = a.length
    if fmt == b"i":
        codes = _array(a.buffers[1], ctypes.c_int32, n)
        dictionary = _strings(a.dictionary.contents, ctypes.c_int32)
        if name in periods:
            freq = _period_dtype(dictionary)
            if freq is not None:
                index = pd.PeriodIndex([None if v == "" else v.replace("-Q", "Q") for v in dictionary], freq=freq)
                return pd.array(index.take(codes) if n else index[:0])
        if name == "status" and set(dictionary) <= set(_capi.STATUSES):
            return pd.Categorical.from_codes(np.asarray([_capi.STATUSES.index(v) for v in dictionary], dtype=np.int32)[codes]
                                             if n else codes, categories=list(_capi.STATUSES))
        if name in CATEGORICAL:
            return pd.Categorical.from_codes(codes, categories=dictionary) if len(set(dictionary)) == len(dictionary) else \
                pd.Categorical(np.asarray(dictionary, dtype=object)[codes])
        return np.asarray(dictionary, dtype=object)[codes] if n else np.empty(0, dtype=object)
    if fmt == b"g":
        return _array(a.buffers[1], ctypes.c_double, n)  # absent numbers are NaN in the data too
    if fmt == b"l":
        return _array(a.buffers[1], ctypes.c_int64, n)
    if fmt == b"b":
        bits = np.frombuffer(ctypes.string_at(a.buffers[1], (n + 7) // 8), dtype=np.uint8)
        values = np.unpackbits(bits, bitorder="little")[:n].astype(bool)
        valid = _valid(a, n)
        return pd.arrays.BooleanArray(values, np.zeros(n, dtype=bool) if valid is None else ~valid)
    if fmt == b"tdD":
        days = _array(a.buffers[1], ctypes.c_int32, n).astype("datetime64[D]")
        valid = _valid(a, n)
        if valid is not None:
            days[~valid] = np.datetime64("NaT")
        return days.astype("datetime64[ns]")
    if fmt == b"U":
        return [json.loads(t) for t in _strings(a, ctypes.c_int64)]
    raise ValueError(f"column {name!r} has an Arrow format this package does not read: {fmt!r}")


def frame_of(schema, array, periods=()):
    """A DataFrame of the struct array `array` (described by `schema`), column by column; the
    text columns named in `periods` become pandas periods when they have one form. Releases both
    structs, whatever happens."""
    pd = __import__("pandas")
    try:
        n = array.length
        index = pd.RangeIndex(n)
        data = {}
        for k in range(schema.n_children):
            s = schema.children[k].contents
            name = s.name.decode()
            # As Series: a dict of extension arrays (periods) would be boxed value by value.
            data[name] = pd.Series(_column(name, s.format, s, array.children[k].contents, periods), index=index, name=name, copy=False)
        return pd.DataFrame(data, index=index, copy=False) if data else pd.DataFrame(index=index)
    finally:
        if schema.release:
            schema.release(ctypes.byref(schema))
        if array.release:
            array.release(ctypes.byref(array))


def rows_of(schema, array):
    """The rows of a small table of text ("i" with a "u" dictionary) and int64 ("l") columns as
    dicts, with ctypes alone (no numpy). Releases both structs."""
    try:
        names, columns = [], []
        for k in range(schema.n_children):
            s, a = schema.children[k].contents, array.children[k].contents
            names.append(s.name.decode())
            if s.format == b"i":
                d = a.dictionary.contents
                offsets = (ctypes.c_int32 * (d.length + 1)).from_address(d.buffers[1])
                data = ctypes.string_at(d.buffers[2], offsets[d.length]) if d.length else b""
                words = [data[offsets[j]:offsets[j + 1]].decode() for j in range(d.length)]
                codes = (ctypes.c_int32 * a.length).from_address(a.buffers[1]) if a.length else []
                columns.append([words[c] for c in codes])
            elif s.format == b"l":
                columns.append(list((ctypes.c_int64 * a.length).from_address(a.buffers[1])) if a.length else [])
            else:
                raise ValueError(f"column {names[-1]!r}: format {s.format!r} is not read here")
        return [dict(zip(names, row)) for row in zip(*columns)] if columns else []
    finally:
        if schema.release:
            schema.release(ctypes.byref(schema))
        if array.release:
            array.release(ctypes.byref(array))


# --- pandas -> columns ---------------------------------------------------------------------------

def _period_text(v):
    """The waypoint period text of one value: an int or float year, a str, a pandas Period or
    Timestamp, a datetime.date."""
    pd = __import__("pandas")
    if isinstance(v, (bool,)):
        raise ValueError(f"a period cannot be {v!r}")
    if isinstance(v, pd.Period):
        f = v.freqstr[0]
        if f == "A" or f == "Y":
            return str(v.year)
        if f == "Q":
            return f"{v.year}-Q{v.quarter}"
        if f == "M":
            return f"{v.year}-{v.month:02d}"
        if f == "D":
            return v.start_time.date().isoformat()
        return f"{v.start_time.date().isoformat()}/{v.end_time.date().isoformat()}"
    if isinstance(v, (pd.Timestamp, datetime.datetime)):
        return v.date().isoformat()
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if hasattr(v, "dtype") and _np().issubdtype(v.dtype, _np().integer):
        return str(int(v))
    return str(v)


class _Text:
    """A text column as (codes, dictionary): categoricals as they are, anything else factorized.
    Missing values (NaN, None) get code -1."""

    def __init__(self, series, convert=str):
        pd = __import__("pandas")
        np = _np()
        if isinstance(series.dtype, pd.CategoricalDtype):
            codes = series.cat.codes.to_numpy()
            uniques = series.cat.categories
        else:
            codes, uniques = pd.factorize(series, sort=False)
        self.codes = np.ascontiguousarray(codes, dtype=np.int32)
        self.words = [convert(u).encode() for u in uniques]
        self.dictionary = (ctypes.c_char_p * max(1, len(self.words)))(*self.words)

    def struct(self):
        return _capi.TextColumn(self.codes.ctypes.data, self.dictionary, len(self.words))


def _days(series, name):
    """int32 days since 1970-01-01 (INT32_MIN when missing) of a column of dates or ISO texts."""
    pd = __import__("pandas")
    np = _np()
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        values = series.to_numpy(dtype="datetime64[D]")
        missing = np.isnat(values)
        days = values.astype(np.int64)
    else:
        codes, uniques = pd.factorize(series, sort=False)
        table = np.empty(len(uniques), dtype=np.int64)
        for k, u in enumerate(uniques):
            if isinstance(u, (pd.Timestamp, datetime.datetime)):
                u = u.date()
            if isinstance(u, datetime.date):
                table[k] = (u - datetime.date(1970, 1, 1)).days
                continue
            try:
                table[k] = (datetime.date.fromisoformat(str(u)) - datetime.date(1970, 1, 1)).days
            except ValueError:
                row = int(np.flatnonzero(codes == k)[0])
                raise ValueError(f"{name}: row {row + 1} ({series.index[row]!r}) is {u!r}, not a date YYYY-MM-DD") from None
        missing = codes < 0
        days = table[np.where(missing, 0, codes)] if len(table) else np.zeros(len(codes), dtype=np.int64)
    out = np.where(missing, _capi.INT32_MIN, days).astype(np.int32)
    return np.ascontiguousarray(out)


_FLAGS = {"": 0, "estimated": 1, "provisional": 2}


def observation_columns(df, indicator, entity, period, value, reported_on, flag, source, dims):
    """The `waypoint_observation_columns` struct for `df` and the objects it points into (keep
    them alive until the call returns)."""
    pd = __import__("pandas")
    np = _np()
    for name in [indicator, entity, period, value, reported_on, flag, source, *dims.values()]:
        if name is not None and name not in df.columns:
            raise KeyError(f"from_pandas: the DataFrame has no column {name!r} (it has {list(df.columns)})")
    keep = []
    c = _capi.ObservationColumns()
    _capi.lib().waypoint_observation_columns_init(ctypes.byref(c), _capi.OBSERVATION_COLUMNS_VERSION)
    c.row_count = len(df)
    for slot, name in (("indicator", indicator), ("entity", entity)):
        t = _Text(df[name])
        keep.append(t)
        setattr(c, slot, t.struct())
    p = df[period]
    if pd.api.types.is_integer_dtype(p.dtype):
        years = np.ascontiguousarray(p.to_numpy(), dtype=np.int32)
        keep.append(years)
        c.period_form = _capi.PERIODS_YEAR
        c.period_numbers = years.ctypes.data
    elif pd.api.types.is_datetime64_any_dtype(p.dtype) and not p.isna().any():
        days = _days(p, period)
        keep.append(days)
        c.period_form = _capi.PERIODS_DATE
        c.period_numbers = days.ctypes.data
    else:
        t = _Text(p, _period_text)
        keep.append(t)
        c.period_form = _capi.PERIODS_TEXT
        c.period_text = t.struct()
    values = df[value]
    if pd.api.types.is_bool_dtype(values.dtype):
        values = values.astype("float64")
    v = np.ascontiguousarray(pd.to_numeric(values).to_numpy(dtype="float64", na_value=np.nan))
    keep.append(v)
    c.values = v.ctypes.data
    if reported_on is not None:
        r = _days(df[reported_on], reported_on)
        keep.append(r)
        c.reported_on = r.ctypes.data
    if flag is not None:
        codes, uniques = pd.factorize(df[flag].fillna(""), sort=False)
        table = []
        for u in uniques:
            if u not in _FLAGS:
                row = int(np.flatnonzero(codes == len(table))[0])
                raise ValueError(f"{flag}: row {row + 1} is {u!r}; a flag is estimated, provisional or empty")
            table.append(_FLAGS[u])
        f = np.ascontiguousarray(np.asarray(table, dtype=np.int8)[codes] if table else np.zeros(len(df), dtype=np.int8))
        keep.append(f)
        c.flags = f.ctypes.data
    if source is not None:
        t = _Text(df[source])
        keep.append(t)
        c.source = t.struct()
    if dims:
        names = list(dims)
        cols = [_Text(df[dims[n]]) for n in names]
        keep.extend(cols)
        c.dimension_count = len(names)
        c.dimension_names = (ctypes.c_char_p * len(names))(*[n.encode() for n in names])
        c.dimensions = (_capi.TextColumn * len(names))(*[t.struct() for t in cols])
        keep.extend([c.dimension_names, c.dimensions])
    return c, keep
