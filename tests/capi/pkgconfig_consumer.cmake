# A C consumer of the installed C API built with pkg-config alone: the relocatable waypoint-c.pc
# gives the flags, cc compiles and links the C example, which runs on the flagship. Then the
# installed CMake package: no empty entry in any exported link interface.
# -DPREFIX=install prefix -DLIBDIR=lib dir under it -DCC=C compiler -DSOURCE=example.c -DWORK=dir -DPLAN -DOBS
find_program(PKG_CONFIG pkg-config REQUIRED)
set(ENV{PKG_CONFIG_PATH} "${PREFIX}/${LIBDIR}/pkgconfig")
execute_process(COMMAND ${PKG_CONFIG} --cflags --libs waypoint-c RESULT_VARIABLE rc OUTPUT_VARIABLE flags ERROR_VARIABLE err
                OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pkg-config waypoint-c: ${err}")
endif()
execute_process(COMMAND ${PKG_CONFIG} --modversion waypoint-c OUTPUT_VARIABLE version OUTPUT_STRIP_TRAILING_WHITESPACE)
message(STATUS "waypoint-c ${version}: ${flags}")
separate_arguments(flag_list UNIX_COMMAND "${flags}")
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND ${CC} -std=c99 -Wall -Wextra -pedantic -Werror ${SOURCE} -o ${WORK}/evaluate_flagship ${flag_list}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cc with pkg-config flags failed: ${err}")
endif()
set(ENV{LD_LIBRARY_PATH} "${PREFIX}/${LIBDIR}")
execute_process(COMMAND ${WORK}/evaluate_flagship ${PLAN} ${OBS} 2029-06-30 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the pkg-config consumer failed (${rc}): ${err}")
endif()
message("${out}")
file(GLOB targets "${PREFIX}/${LIBDIR}/cmake/waypoint/waypoint*Targets.cmake")
foreach(t IN LISTS targets)
  file(READ ${t} text)
  if(text MATCHES "\\$<LINK_ONLY:>" OR text MATCHES "INTERFACE_LINK_LIBRARIES \"[^\"]*;;")
    message(FATAL_ERROR "${t}: an empty entry in a link interface")
  endif()
endforeach()
