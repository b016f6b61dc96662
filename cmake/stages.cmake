# lpm_stage(NAME DEPS...): a static library lpm_NAME from src/NAME/*.cpp (or an
# interface library while the folder holds headers only). Includes are rooted at src/.
function(lpm_stage name)
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/${name}/*.cpp)
  if(sources)
    add_library(lpm_${name} STATIC ${sources})
    target_include_directories(lpm_${name} PUBLIC ${CMAKE_SOURCE_DIR}/src)
    target_link_libraries(lpm_${name} PUBLIC ${ARGN})
  else()
    add_library(lpm_${name} INTERFACE)
    target_include_directories(lpm_${name} INTERFACE ${CMAKE_SOURCE_DIR}/src)
    target_link_libraries(lpm_${name} INTERFACE ${ARGN})
  endif()
endfunction()
