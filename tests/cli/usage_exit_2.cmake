# Usage errors exit 2 (a missing required option, an unknown option); a command's own failure exits 1.
# -DCLI=waypoint
# An absurd thread count (-1 read as unsigned) is a usage error too, before anything is allocated.
foreach(args "import;iati;x.xml" "import;iati;x.xml;-o;p.yaml;-O;o.csv;--colour" "deadlines"
        "evaluate;${PLAN};-O;${OBS};--threads;4294967295")
  execute_process(COMMAND ${CLI} ${args} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
  if(NOT rc EQUAL 2)
    message(FATAL_ERROR "waypoint ${args}: expected exit 2, got ${rc}: ${err}")
  endif()
endforeach()
execute_process(COMMAND ${CLI} import iati missing-file.xml -o p.yaml -O o.csv RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "a missing input file: expected exit 1, got ${rc}")
endif()
