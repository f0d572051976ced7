# `waypoint evaluate --indicators T.csv --observations O.csv --method sdg-canada --format csv` on
# files in the format gen_series.py writes; the output must match the expected CSV byte for byte.
execute_process(COMMAND ${CLI} evaluate --indicators ${DIR}/table_indicators.csv --observations ${DIR}/table_observations.csv
                        --method sdg-canada --format csv --output ${OUT}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "waypoint failed (${rc}): ${err}")
endif()
file(READ ${OUT} got)
file(READ ${DIR}/table_expected.csv want)
if(NOT got STREQUAL want)
  message(FATAL_ERROR "output differs from ${DIR}/table_expected.csv:\n${got}")
endif()
