# Runs an example (C or Python) and `waypoint evaluate` on the same plan and observations, and
# checks that the example prints the same statuses: its summary line is the CLI's, byte for byte,
# and every series it lists (off track or regressing) has that status in the CLI's table, and it
# lists all of them.
# -DCLI=<waypoint> -DEXAMPLE=<program> [-DEXAMPLE_SCRIPT=<script>] -DPLAN= -DOBS= -DAS_OF=
cmake_policy(SET CMP0007 NEW)
execute_process(COMMAND ${CLI} evaluate ${PLAN} --observations ${OBS} --as-of ${AS_OF}
                OUTPUT_VARIABLE cli RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "waypoint evaluate failed")
endif()
execute_process(COMMAND ${EXAMPLE} ${EXAMPLE_SCRIPT} ${PLAN} ${OBS} ${AS_OF}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the example failed")
endif()
# The summary ends its entries with ';', CMake's list separator: compare with ',' instead.
string(REPLACE ";" "," out "${out}")
string(REPLACE ";" "," cli "${cli}")
string(REGEX MATCHALL "[^\n]+" lines "${out}")
string(REGEX MATCHALL "[^\n]+" cli_lines "${cli}")
list(POP_BACK lines summary)
# The table goes on after its summary line (roll-ups, milestones): take the summary by its shape.
string(REGEX MATCH "[0-9]+ series: [^\n]*" cli_summary "${cli}")
if(NOT summary STREQUAL cli_summary)
  message(FATAL_ERROR "summary differs:\n  example: ${summary}\n  cli:     ${cli_summary}")
endif()
foreach(line IN LISTS lines)
  string(REPLACE " " ";" f "${line}")
  list(GET f 0 indicator)
  list(GET f 1 entity)
  list(GET f 2 status)
  string(REPLACE "*" "\\*" entity "${entity}")
  if(NOT cli MATCHES "\n${indicator} +${entity} +${status} ")
    message(FATAL_ERROR "the CLI does not give ${line}")
  endif()
endforeach()
string(REGEX MATCH " off_track ([0-9]+)," _ "${summary}")
set(expected ${CMAKE_MATCH_1})
string(REGEX MATCH " regressing ([0-9]+)," _ "${summary}")
math(EXPR expected "${expected} + ${CMAKE_MATCH_1}")
list(LENGTH lines listed)
if(NOT listed EQUAL expected)
  message(FATAL_ERROR "the example lists ${listed} series off track or regressing; the CLI has ${expected}")
endif()
message(STATUS "same statuses as waypoint evaluate: ${summary}")
