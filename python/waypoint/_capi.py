# SPDX-License-Identifier: Apache-2.0
"""ctypes declarations of include/waypoint/waypoint.h, and how the shared library is found.

The constants mirror the header's enumerators (tests/python checks that they agree).
"""

import ctypes
import ctypes.util
import os
import pathlib
import sys

# The SOVERSION this package is written for: the C ABI is stable within it. Functions are only
# added within a major version; this package calls those of ABI_MINOR (0.2: columns).
ABI_MAJOR = 0
ABI_MINOR = 2

# Status codes (enum waypoint_code).
OK = 0
STATUS_NAMES = {
    0: "OK", 1: "E_NULL", 2: "E_ARGUMENT", 3: "E_VERSION", 4: "E_IO", 5: "E_INVALID", 6: "E_METHOD",
    7: "E_STATE", 8: "E_RANGE", 9: "E_FIELD", 10: "E_ABSENT", 11: "E_UNSUPPORTED", 12: "E_NOMEM",
    13: "E_INTERNAL",
}
E_ABSENT = 10
E_UNSUPPORTED = 11

NUL_TERMINATED = ctypes.c_size_t(-1).value

# enum waypoint_plan_format
PLAN_FORMATS = {None: 0, "auto": 0, "yaml": 1, "json": 2, "indicator_table": 3, "csv": 3}

EVALUATION_OPTIONS_VERSION = 2

# enum waypoint_status, in order
STATUSES = ("achieved", "on_track", "needs_acceleration", "off_track", "regressing", "not_due",
            "insufficient_data", "not_applicable")

RESULTS_SERIES = 1
RESULTS_COLLECTIVE = 2
# enum waypoint_result_kind: the kinds `Evaluation.to_pandas(kind=...)` reads
RESULT_KINDS = {"series": 1, "collective": 2, "indicators": 3, "actions": 4, "sections": 5, "plan": 6, "challenges": 7,
                "milestones": 8}

# enum waypoint_language
LANGUAGES = {"en": 0, "fr": 1, "es": 2}

# enum waypoint_period_form
PERIODS_TEXT, PERIODS_YEAR, PERIODS_DATE = 0, 1, 2
OBSERVATION_COLUMNS_VERSION = 1
INT32_MIN = -2**31

# enum waypoint_format
FORMATS = {"table": 1, "csv": 2, "json": 3, "html": 4, "markdown": 5}

# enum waypoint_field_type: the type of a field's values
FIELD_TYPES = {1: "text", 2: "number", 3: "integer", 4: "period", 5: "boolean", 6: "object"}

# A field outside the vocabulary, kept for version-1 callers of the C API (the trace's rule).
FIELD_TRACE_RULE = 13

_fields = None


def fields():
    """The result vocabulary as the library has it (`waypoint fields`): a tuple of (name, C field
    id, type, description), in output order. Read once from the library."""
    global _fields
    if _fields is None:
        loaded = lib()
        out = []
        fid, ftype = ctypes.c_int(), ctypes.c_int()
        name, description = ctypes.c_char_p(), ctypes.c_char_p()
        for k in range(loaded.waypoint_field_count()):
            if loaded.waypoint_field_info(k, ctypes.byref(fid), ctypes.byref(name), ctypes.byref(ftype), ctypes.byref(description)) != 0:
                raise OSError("waypoint_field_info failed: " + loaded.waypoint_last_error().decode())
            out.append((name.value.decode(), fid.value, FIELD_TYPES[ftype.value], description.value.decode()))
        _fields = tuple(out)
    return _fields


class EvaluationOptions(ctypes.Structure):
    """struct waypoint_evaluation_options, version 2."""

    _fields_ = [
        ("version", ctypes.c_uint32),
        ("as_of", ctypes.c_char_p),
        ("method", ctypes.c_char_p),
        ("params", ctypes.POINTER(ctypes.c_char_p)),
        ("param_count", ctypes.c_size_t),
        ("traces", ctypes.c_int),
        # version 2
        ("threads", ctypes.c_uint),
        ("partition_index", ctypes.c_uint),
        ("partition_count", ctypes.c_uint),
    ]


class ArrowSchema(ctypes.Structure):
    """struct ArrowSchema of the Arrow C Data Interface."""


ArrowSchema._fields_ = [
    ("format", ctypes.c_char_p),
    ("name", ctypes.c_char_p),
    ("metadata", ctypes.c_char_p),
    ("flags", ctypes.c_int64),
    ("n_children", ctypes.c_int64),
    ("children", ctypes.POINTER(ctypes.POINTER(ArrowSchema))),
    ("dictionary", ctypes.POINTER(ArrowSchema)),
    ("release", ctypes.CFUNCTYPE(None, ctypes.POINTER(ArrowSchema))),
    ("private_data", ctypes.c_void_p),
]


class ArrowArray(ctypes.Structure):
    """struct ArrowArray of the Arrow C Data Interface."""


ArrowArray._fields_ = [
    ("length", ctypes.c_int64),
    ("null_count", ctypes.c_int64),
    ("offset", ctypes.c_int64),
    ("n_buffers", ctypes.c_int64),
    ("n_children", ctypes.c_int64),
    ("buffers", ctypes.POINTER(ctypes.c_void_p)),
    ("children", ctypes.POINTER(ctypes.POINTER(ArrowArray))),
    ("dictionary", ctypes.POINTER(ArrowArray)),
    ("release", ctypes.CFUNCTYPE(None, ctypes.POINTER(ArrowArray))),
    ("private_data", ctypes.c_void_p),
]


class TextColumn(ctypes.Structure):
    """struct waypoint_text_column: int32 codes into a dictionary of strings."""

    _fields_ = [
        ("codes", ctypes.c_void_p),
        ("dictionary", ctypes.POINTER(ctypes.c_char_p)),
        ("dictionary_size", ctypes.c_size_t),
    ]


class ObservationColumns(ctypes.Structure):
    """struct waypoint_observation_columns, version 1."""

    _fields_ = [
        ("version", ctypes.c_uint32),
        ("row_count", ctypes.c_size_t),
        ("indicator", TextColumn),
        ("entity", TextColumn),
        ("period_form", ctypes.c_int),
        ("period_text", TextColumn),
        ("period_numbers", ctypes.c_void_p),
        ("values", ctypes.c_void_p),
        ("reported_on", ctypes.c_void_p),
        ("flags", ctypes.c_void_p),
        ("source", TextColumn),
        ("dimension_count", ctypes.c_size_t),
        ("dimension_names", ctypes.POINTER(ctypes.c_char_p)),
        ("dimensions", ctypes.POINTER(TextColumn)),
    ]


_h = ctypes.c_void_p
_p = ctypes.POINTER
_s = ctypes.c_char_p
_i = ctypes.c_int
_n = ctypes.c_size_t
_SIGNATURES = {
    "waypoint_version": (_s, [_p(_i), _p(_i), _p(_i)]),
    "waypoint_last_error": (_s, []),
    "waypoint_last_error_code": (_s, []),
    "waypoint_free": (None, [_h]),
    "waypoint_plan_load": (_i, [_s, _i, _p(_h)]),
    "waypoint_plan_parse": (_i, [_s, _n, _i, _s, _p(_h)]),
    "waypoint_plan_destroy": (None, [_h]),
    "waypoint_plan_id": (_i, [_h, _p(_s)]),
    "waypoint_plan_title": (_i, [_h, _p(_s)]),
    "waypoint_plan_indicator_count": (_i, [_h, _p(_n)]),
    "waypoint_plan_indicator_id": (_i, [_h, _n, _p(_s)]),
    "waypoint_observations_create": (_i, [_h, _p(_h)]),
    "waypoint_observations_load_csv": (_i, [_h, _s, _p(_h)]),
    "waypoint_observations_parse_csv": (_i, [_h, _s, _n, _s, _p(_h)]),
    "waypoint_observations_append": (_i, [_h, _s, _s, _s, ctypes.c_double, _s]),
    "waypoint_observations_append_rows": (_i, [_h, _n, _p(_s), _p(_s), _p(_s), _p(ctypes.c_double), _p(_s)]),
    "waypoint_observations_append_csv": (_i, [_h, _s, _n, _s]),
    "waypoint_observations_seal": (_i, [_h]),
    "waypoint_observations_row_count": (_i, [_h, _p(_n)]),
    "waypoint_observations_destroy": (None, [_h]),
    "waypoint_evaluation_options_init": (_i, [_p(EvaluationOptions), ctypes.c_uint32]),
    "waypoint_evaluate": (_i, [_h, _h, _p(EvaluationOptions), _p(_h)]),
    "waypoint_evaluation_destroy": (None, [_h]),
    "waypoint_evaluation_as_of": (_i, [_h, _p(_s)]),
    "waypoint_status_name": (_i, [_i, _p(_s)]),
    "waypoint_evaluation_status_count": (_i, [_h, _i, _p(_n)]),
    "waypoint_evaluation_count": (_i, [_h, _i, _p(_n)]),
    "waypoint_evaluation_result": (_i, [_h, _i, _n, _p(_h)]),
    "waypoint_result_string": (_i, [_h, _i, _p(_s)]),
    "waypoint_result_number": (_i, [_h, _i, _p(ctypes.c_double), _p(_i)]),
    "waypoint_result_integer": (_i, [_h, _i, _p(ctypes.c_int64)]),
    "waypoint_evaluation_render": (_i, [_h, _i, _p(ctypes.c_void_p), _p(_n)]),
    "waypoint_evaluation_render_in": (_i, [_h, _i, _i, _p(ctypes.c_void_p), _p(_n)]),
    "waypoint_evaluate_csv": (_i, [_h, _h, _p(EvaluationOptions), _p(_s), _n, _p(ctypes.c_void_p), _p(_n)]),
    "waypoint_field_count": (_n, []),
    "waypoint_field_info": (_i, [_n, _p(_i), _p(_s), _p(_i), _p(_s)]),
    "waypoint_evaluation_columns": (_i, [_h, _i, _p(_s), _n, _p(ArrowSchema), _p(ArrowArray)]),
    "waypoint_evaluate_columns": (_i, [_h, _h, _p(EvaluationOptions), _p(_s), _n, _p(ArrowSchema), _p(ArrowArray)]),
    "waypoint_observation_columns_init": (_i, [_p(ObservationColumns), ctypes.c_uint32]),
    "waypoint_observations_append_columns": (_i, [_h, _p(ObservationColumns)]),
    "waypoint_partitions_of": (_i, [_p(TextColumn), _p(TextColumn), _n, ctypes.c_uint, ctypes.c_void_p]),
    "waypoint_deadlines": (_i, [_h, _h, _s, _p(ArrowSchema), _p(ArrowArray)]),
    "waypoint_validate": (_i, [_s, _i, _s, _p(_n), _p(ArrowSchema), _p(ArrowArray)]),
    "waypoint_iati_load": (_i, [_s, _s, _p(_h), _p(_h), _p(ArrowSchema), _p(ArrowArray)]),
    "waypoint_iati_parse": (_i, [_s, _n, _s, _s, _p(_h), _p(_h), _p(ArrowSchema), _p(ArrowArray)]),
    "waypoint_iati_export": (_i, [_h, _h, _p(ctypes.c_void_p), _p(_n)]),
}

_LIB_NAMES = {"linux": f"libwaypoint-c.so.{ABI_MAJOR}", "darwin": f"libwaypoint-c.{ABI_MAJOR}.dylib",
              "win32": "waypoint-c.dll"}


def candidates():
    """Where the library is looked for, in order (the first that exists is used):

    1. the file named by the environment variable WAYPOINT_LIBRARY;
    2. next to this package (python/waypoint/), where the wheel puts it; then, for a package
       installed by `cmake --install`, the library it installed (`_installed.py`);
    3. the build trees of a source checkout: build/lib/ (scripts/test), then build-release/lib/;
    4. the system's library path (ctypes.util.find_library("waypoint-c")), e.g. after
       `cmake --install`.
    """
    env = os.environ.get("WAYPOINT_LIBRARY")
    if env:
        yield env
        return
    name = _LIB_NAMES.get(sys.platform, _LIB_NAMES["linux"])
    here = pathlib.Path(__file__).resolve().parent
    yield str(here / name)
    try:  # installed by `cmake --install`: it wrote where the library went
        from . import _installed
        yield str((here / _installed.LIBRARY_DIR / name).resolve())
    except ImportError:
        pass
    for tree in ("build", "build-release"):
        yield str(here.parent.parent / tree / "lib" / name)
    found = ctypes.util.find_library("waypoint-c")
    if found:
        yield found


_lib = None


def lib():
    """The loaded library, with every function's signature declared. Raises OSError when it is
    not found or its ABI is not the one this package is written for."""
    global _lib
    if _lib is not None:
        return _lib
    tried = []
    for path in candidates():
        if os.path.sep in path and not os.path.exists(path):
            tried.append(path)
            continue
        loaded = ctypes.CDLL(path)
        loaded.waypoint_version.restype = _s
        loaded.waypoint_version.argtypes = _SIGNATURES["waypoint_version"][1]
        major, minor = ctypes.c_int(), ctypes.c_int()
        version = loaded.waypoint_version(ctypes.byref(major), ctypes.byref(minor), None).decode()
        if major.value != ABI_MAJOR or minor.value < ABI_MINOR:
            raise OSError(f"{path} is waypoint {version}; this package needs {ABI_MAJOR}.{ABI_MINOR} or a later {ABI_MAJOR}.x")
        for fname, (restype, argtypes) in _SIGNATURES.items():
            fn = getattr(loaded, fname)
            fn.restype = restype
            fn.argtypes = argtypes
        _lib = loaded
        return _lib
    raise OSError("libwaypoint-c not found; set WAYPOINT_LIBRARY to its path. Tried: " + ", ".join(tried or ["(none)"]))
