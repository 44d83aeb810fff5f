# Install rules for `make install` / `cmake --install BUILD [--prefix DIR]`.
#
#   PREFIX/bin/sonde                       the executable
#   PREFIX/lib/sonde/libsonde_compiler.so  the compiler library (dlopen()ed by
#                                          sonde; the runtime target is built
#                                          with SONDE_INSTALL_LIBDIR pointing
#                                          here, see runtime/CMakeLists.txt)
#   PREFIX/share/man/man8/*.8              man pages
#   PREFIX/share/sonde/tools/NAME.bt       the shipped tools (scripts/*.bt)
#   PREFIX/sbin/NAME.bt                    symlink to the tool
#
# The compiled-in library directory follows CMAKE_INSTALL_PREFIX at configure
# time: configure with -DCMAKE_INSTALL_PREFIX=DIR to install into DIR.

install(TARGETS sonde RUNTIME DESTINATION bin)

# `cmake --install BUILD --prefix DIR` with another DIR than the configured
# prefix installs a sonde that still looks in the configured directory.
install(CODE "set(SONDE_CONFIGURED_PREFIX \"${CMAKE_INSTALL_PREFIX}\")")
install(CODE [[
  if(NOT CMAKE_INSTALL_PREFIX STREQUAL SONDE_CONFIGURED_PREFIX)
    message(WARNING "sonde was configured for the prefix ${SONDE_CONFIGURED_PREFIX}: "
      "the installed sonde looks for its compiler library in "
      "${SONDE_CONFIGURED_PREFIX}/lib/sonde, not ${CMAKE_INSTALL_PREFIX}/lib/sonde. "
      "Reconfigure with -DCMAKE_INSTALL_PREFIX=${CMAKE_INSTALL_PREFIX}, "
      "or set SONDE_COMPILER_LIB.")
  endif()
]])

if(TARGET sonde_compiler)
  install(TARGETS sonde_compiler LIBRARY DESTINATION lib/sonde)
endif()

# Evaluated at install time, so pages and tools added after configuring are
# installed without re-running cmake.
install(DIRECTORY ${CMAKE_SOURCE_DIR}/man/man8/
        DESTINATION share/man/man8
        FILES_MATCHING PATTERN "*.8")

install(CODE "set(SONDE_SCRIPTS_DIR \"${CMAKE_SOURCE_DIR}/scripts\")")
install(CODE [[
  # file(INSTALL) adds DESTDIR itself; the symlinks are made by hand.
  file(GLOB _sonde_tools LIST_DIRECTORIES false "${SONDE_SCRIPTS_DIR}/*.bt")
  list(SORT _sonde_tools)
  if(_sonde_tools)
    file(INSTALL ${_sonde_tools}
         DESTINATION "${CMAKE_INSTALL_PREFIX}/share/sonde/tools"
         FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE
                          GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
    file(MAKE_DIRECTORY "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/sbin")
    foreach(_sonde_tool IN LISTS _sonde_tools)
      get_filename_component(_sonde_name "${_sonde_tool}" NAME)
      set(_sonde_link "${CMAKE_INSTALL_PREFIX}/sbin/${_sonde_name}")
      message(STATUS "Installing: $ENV{DESTDIR}${_sonde_link} -> ../share/sonde/tools/${_sonde_name}")
      file(REMOVE "$ENV{DESTDIR}${_sonde_link}")
      file(CREATE_LINK "../share/sonde/tools/${_sonde_name}" "$ENV{DESTDIR}${_sonde_link}" SYMBOLIC)
      list(APPEND CMAKE_INSTALL_MANIFEST_FILES "${_sonde_link}")
    endforeach()
  endif()
]])

# Refresh the man database so `man sonde` finds the page, but only for a real
# install (no DESTDIR) into a tree that man(1) searches.
install(CODE [[
  find_program(_sonde_mandb mandb)
  find_program(_sonde_manpath manpath)
  if(_sonde_mandb AND _sonde_manpath AND "$ENV{DESTDIR}" STREQUAL "")
    execute_process(COMMAND "${_sonde_manpath}" -q
                    OUTPUT_VARIABLE _sonde_mp OUTPUT_STRIP_TRAILING_WHITESPACE
                    ERROR_QUIET)
    string(REPLACE ":" ";" _sonde_mp "${_sonde_mp}")
    file(REAL_PATH "${CMAKE_INSTALL_PREFIX}/share/man" _sonde_mandir)
    set(_sonde_in_path FALSE)
    foreach(_sonde_dir IN LISTS _sonde_mp)
      if(EXISTS "${_sonde_dir}")
        file(REAL_PATH "${_sonde_dir}" _sonde_dir)
      endif()
      if(_sonde_dir STREQUAL _sonde_mandir)
        set(_sonde_in_path TRUE)
      endif()
    endforeach()
    if(_sonde_in_path)
      message(STATUS "Updating the man database (mandb -q)")
      execute_process(COMMAND "${_sonde_mandb}" -q)
    else()
      message(STATUS "Not running mandb: ${CMAKE_INSTALL_PREFIX}/share/man is not in man's search path")
    endif()
  endif()
]])
