# Usage errors exit 2 (a missing required option, an unknown option); a command's own failure exits 1.
# -DCLI=waypoint
foreach(args "import;iati;x.xml" "import;iati;x.xml;-o;p.yaml;-O;o.csv;--colour" "deadlines")
  execute_process(COMMAND ${CLI} ${args} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
  if(NOT rc EQUAL 2)
    message(FATAL_ERROR "waypoint ${args}: expected exit 2, got ${rc}: ${err}")
  endif()
endforeach()
execute_process(COMMAND ${CLI} import iati missing-file.xml -o p.yaml -O o.csv RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "a missing input file: expected exit 1, got ${rc}")
endif()
