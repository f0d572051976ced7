# Each file in compile_fail/ must NOT compile (WILL_FAIL); control.cpp uses the same includes and
# must compile, so a failure means the misuse was rejected, not that the setup is broken.
get_target_property(_wp_inc waypoint_core INTERFACE_INCLUDE_DIRECTORIES)
set(_wp_flags -std=c++20 -fsyntax-only -I${PROJECT_SOURCE_DIR}/include -I${EIGEN3_INCLUDE_DIR})
file(GLOB _wp_cf ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
foreach(_f ${_wp_cf})
  get_filename_component(_n ${_f} NAME_WE)
  add_test(NAME compile_fail.${_n} COMMAND ${CMAKE_CXX_COMPILER} ${_wp_flags} ${_f})
  if(NOT _n STREQUAL "control")
    set_tests_properties(compile_fail.${_n} PROPERTIES WILL_FAIL TRUE)
  endif()
endforeach()
