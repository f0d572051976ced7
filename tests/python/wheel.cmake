# The wheel, as a user installs it: `python3 -m build --no-isolation --wheel` on a copy of python/
# (nothing is written into the source tree), `pip install` of the wheel into a fresh venv, then the
# flagship evaluated from that venv with no PYTHONPATH and no WAYPOINT_LIBRARY: the library inside
# the wheel is the one loaded.
# Run with -DPYTHON=<python3> -DSOURCE=<source dir> -DLIB=<libwaypoint-c.so.0> -DWORK=<scratch dir>.
function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err WORKING_DIRECTORY ${WORK})
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(COPY ${SOURCE}/python/ DESTINATION ${WORK}/src PATTERN __pycache__ EXCLUDE)
run("python3 -m build" ${CMAKE_COMMAND} -E env WAYPOINT_LIBRARY=${LIB} ${PYTHON} -m build --no-isolation --wheel --outdir ${WORK}/dist ${WORK}/src)
file(GLOB wheels ${WORK}/dist/waypoint-*.whl)
list(LENGTH wheels n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "expected one wheel in ${WORK}/dist, found: ${wheels}")
endif()
if(NOT wheels MATCHES "waypoint-[0-9.]+-py3-none-linux_[a-z0-9_]+\\.whl$")
  message(FATAL_ERROR "the wheel is not tagged for this platform and any Python 3: ${wheels}")
endif()
run("python3 -m venv" ${PYTHON} -m venv --system-site-packages ${WORK}/venv)
run("pip install" ${WORK}/venv/bin/python -m pip install --no-index --no-deps --disable-pip-version-check ${wheels})
set(check [=[
import pathlib, sys, waypoint
from waypoint import _capi
here = pathlib.Path(waypoint.__file__).resolve().parent
assert str(here).startswith(sys.prefix), (here, sys.prefix)
assert waypoint.__version__ == waypoint.version(), (waypoint.__version__, waypoint.version())
assert pathlib.Path(_capi.lib()._name).resolve().parent == here, _capi.lib()._name
plan = waypoint.Plan.load(sys.argv[1])
ev = plan.evaluate(waypoint.Observations.from_csv(sys.argv[2]), as_of="2029-06-30")
counts = ev.status_counts()
print(f"{len(ev)} series:" + "".join(f" {s} {n};" for s, n in counts.items() if n))
help(waypoint.Observations.from_pandas)
]=])
file(WRITE ${WORK}/check.py "${check}")  # a file: a ; in an argument would split it
run("the installed package" ${CMAKE_COMMAND} -E env --unset=PYTHONPATH --unset=WAYPOINT_LIBRARY
    ${WORK}/venv/bin/python ${WORK}/check.py ${SOURCE}/examples/ccm_action_plan/plan.yaml ${SOURCE}/examples/ccm_action_plan/observations.csv)
message("${out}")
