# Running out of memory is an error, not an abort: under address-space limits (ulimit -v) from
# too little to enough, `evaluate` either succeeds or exits 1 with sys.out_of_memory naming what it
# was doing, and the old output file stays as it was. Never a signal (the abort of exit 134 was a
# JSON tree freed while unwinding, and a thread that could not start).
set(dir ${WORK}/oom)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
# 20 indicators x 1,000 entities x 10 years: 200,000 rows, 20,000 series.
execute_process(COMMAND ${PYTHON} -c "
import sys
d = sys.argv[1]
with open(d + '/ind.csv', 'w') as f:
    f.write('indicator,direction,target,target_year,base_year\\n')
    for i in range(20): f.write(f'I{i:02d},1,100,2030,2015\\n')
with open(d + '/obs.csv', 'w') as f:
    f.write('indicator,entity,period,value\\n')
    for i in range(20):
        for e in range(1000):
            for y in range(2015, 2025): f.write(f'I{i:02d},E{e:04d},{y},{50 + y - 2015 + (i * 7 + e * 3 + y) % 10 / 10}\\n')
" ${dir} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "could not generate the input (${rc})")
endif()
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
