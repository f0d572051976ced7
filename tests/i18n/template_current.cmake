# SPDX-License-Identifier: Apache-2.0
# po/waypoint.pot lists exactly the labels the code uses: xgettext extracts them again (as
# scripts/update-po does) and msgcmp compares both ways. A label added in code without
# `scripts/update-po`, or one left in the template after the code dropped it, fails here.
# -DSOURCE_DIR=... -DXGETTEXT=... -DMSGCMP=... -DOUT=...
file(STRINGS ${SOURCE_DIR}/scripts/po-sources.sh line REGEX "^WAYPOINT_PO_SOURCES=")
string(REGEX REPLACE "^WAYPOINT_PO_SOURCES=\"(.*)\"$" "\\1" sources "${line}")
separate_arguments(sources)
execute_process(COMMAND ${XGETTEXT} --language=C++ --from-code=UTF-8 --keyword= --keyword=tr:2 --keyword=trn:2,3 --keyword=N_
                        --no-location -o ${OUT} ${sources}
                WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "xgettext failed: ${err}")
endif()
file(READ ${OUT} pot)
string(REPLACE "charset=CHARSET" "charset=UTF-8" pot "${pot}")
file(WRITE ${OUT} "${pot}")
# Every label of the code is in the template; every label of the template is in the code.
foreach(pair "${SOURCE_DIR}/po/waypoint.pot;${OUT};a label the code uses is missing from po/waypoint.pot (run scripts/update-po)"
             "${OUT};${SOURCE_DIR}/po/waypoint.pot;po/waypoint.pot lists a label the code no longer uses (run scripts/update-po)")
  list(GET pair 0 def)
  list(GET pair 1 ref)
  list(GET pair 2 what)
  execute_process(COMMAND ${MSGCMP} --use-untranslated ${def} ${ref} RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what}:\n${err}")
  endif()
endforeach()
