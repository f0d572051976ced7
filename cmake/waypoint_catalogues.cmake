# waypoint_add_catalogues(TARGET ROOT): compiles the label catalogues of ROOT/po (the template for
# English, fr.po, es.po) into C++ data (cmake/po_to_cpp.cmake) and adds them, with the catalogue
# lookup's include directory, to TARGET. Used by the library and by the fuzz harnesses' own build.
function(waypoint_add_catalogues target root)
  foreach(_wp_lang en fr es)
    if(_wp_lang STREQUAL "en")
      set(_wp_po ${root}/po/waypoint.pot)
      set(_wp_template ON)
    else()
      set(_wp_po ${root}/po/${_wp_lang}.po)
      set(_wp_template OFF)
    endif()
    set(_wp_out ${CMAKE_CURRENT_BINARY_DIR}/generated/catalogue_${_wp_lang}.cpp)
    add_custom_command(OUTPUT ${_wp_out}
      COMMAND ${CMAKE_COMMAND} -DPO=${_wp_po} -DNAME=${_wp_lang} -DOUT=${_wp_out} -DTEMPLATE=${_wp_template}
              -P ${root}/cmake/po_to_cpp.cmake
      DEPENDS ${_wp_po} ${root}/cmake/po_to_cpp.cmake
      COMMENT "Compiling the ${_wp_lang} label catalogue")
    target_sources(${target} PRIVATE ${_wp_out})
  endforeach()
  target_include_directories(${target} PRIVATE ${root}/src/text)
endfunction()
