# Running out of memory is an error, not an abort: under address-space limits (ulimit -v) from
# too little to enough, `evaluate` either succeeds or exits 1 with sys.out_of_memory naming what it
# was doing, and the old output file stays as it was. Never a signal (the abort of exit 134 was a
# JSON tree freed while unwinding, and a thread that could not start).
set(dir ${WORK}/oom)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
# 20 indicators x 1,000 entities x 10 years: 200,000 rows, 20,000 series.
include(${CMAKE_CURRENT_LIST_DIR}/workload.cmake)
waypoint_test_workload(${dir} 1000)
set(oom 0)
set(ok 0)
# The JSON limits are close together where, without the fix, the run ran out while building or
# freeing the roll-up's JSON tree (exit 134 or 139 at 180-190 MB here).
set(runs csv:60000 csv:120000 csv:600000 json:60000 json:600000)
foreach(limit RANGE 150000 200000 5000)
  list(APPEND runs json:${limit})
endforeach()
foreach(run ${runs})
  string(REPLACE ":" ";" run ${run})
  list(GET run 0 format)
  list(GET run 1 limit)
  set(out ${dir}/out.${format})
  file(WRITE ${out} "the previous, good file\n")
  execute_process(COMMAND sh -c "ulimit -v ${limit} && exec \"$0\" evaluate --indicators \"$1\" --observations \"$2\" --format ${format} -o \"$3\""
                          ${CLI} ${dir}/ind.csv ${dir}/obs.csv ${out}
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(rc EQUAL 0)
    math(EXPR ok "${ok} + 1")
  elseif(rc EQUAL 1 AND err MATCHES "sys.out_of_memory: memory ran out while [a-z ]+")
    math(EXPR oom "${oom} + 1")
    file(READ ${out} kept)
    if(NOT kept STREQUAL "the previous, good file\n")
      message(FATAL_ERROR "ulimit -v ${limit}, ${format}: the old file was changed")
    endif()
  else()
    message(FATAL_ERROR "ulimit -v ${limit}, ${format}: exit ${rc}, not 0 or 1 with sys.out_of_memory: ${err}")
  endif()
endforeach()
if(oom EQUAL 0 OR ok EQUAL 0)
  message(FATAL_ERROR "the limits did not cover both outcomes: ${oom} out of memory, ${ok} written")
endif()
message(STATUS "${oom} runs out of memory (reported), ${ok} written")
