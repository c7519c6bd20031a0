# Third-party dependencies. All come from Debian packages or from the npm registry, installed by
# scripts/bootstrap at pinned versions. Everything is linked statically.

find_package(nlohmann_json 3.11 CONFIG REQUIRED)   # header-only
find_package(CLI11 2.1 CONFIG REQUIRED)            # header-only
find_package(fmt 9 CONFIG REQUIRED)                # headers only: third_party/fmt compiles the library part once
find_package(Threads REQUIRED)

# tree-sitter runtime 0.20.7 (grammar ABI 13-14). Debian ships no CMake config, only pkg-config and a .a.
find_path(TREE_SITTER_INCLUDE_DIR tree_sitter/api.h REQUIRED)
find_library(TREE_SITTER_STATIC_LIBRARY NAMES libtree-sitter.a REQUIRED)
add_library(shipshape::tree_sitter STATIC IMPORTED)
set_target_properties(shipshape::tree_sitter PROPERTIES
  IMPORTED_LOCATION ${TREE_SITTER_STATIC_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES ${TREE_SITTER_INCLUDE_DIR})

# libyaml 0.2.5: the YAML parser for configuration files (and CloudFormation templates later on).
find_path(YAML_INCLUDE_DIR yaml.h REQUIRED)
find_library(YAML_STATIC_LIBRARY NAMES libyaml.a REQUIRED)
add_library(shipshape::yaml STATIC IMPORTED)
set_target_properties(shipshape::yaml PROPERTIES
  IMPORTED_LOCATION ${YAML_STATIC_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES ${YAML_INCLUDE_DIR})

# Grammar sources (C) from the npm registry, pinned by third_party/grammars/package-lock.json.
set(SHIPSHAPE_GRAMMARS_DIR "${PROJECT_SOURCE_DIR}/third_party/grammars/node_modules"
    CACHE PATH "Where scripts/bootstrap put the tree-sitter grammar sources")
if(NOT EXISTS "${SHIPSHAPE_GRAMMARS_DIR}/tree-sitter-bash/src/parser.c")
  message(FATAL_ERROR "tree-sitter grammar sources are missing in ${SHIPSHAPE_GRAMMARS_DIR}: run scripts/bootstrap")
endif()

function(shipshape_add_grammar name dir)
  set(sources "${dir}/src/parser.c")
  if(EXISTS "${dir}/src/scanner.c")
    list(APPEND sources "${dir}/src/scanner.c")
  endif()
  add_library(shipshape_grammar_${name} STATIC ${sources})
  # Each grammar compiles against its own copy of tree_sitter/parser.h.
  target_include_directories(shipshape_grammar_${name} PRIVATE "${dir}/src")
  set_target_properties(shipshape_grammar_${name} PROPERTIES C_EXTENSIONS OFF POSITION_INDEPENDENT_CODE ON)
  target_compile_options(shipshape_grammar_${name} PRIVATE -w)   # generated code, not ours
  add_library(shipshape::grammar_${name} ALIAS shipshape_grammar_${name})
endfunction()
shipshape_add_grammar(bash "${SHIPSHAPE_GRAMMARS_DIR}/tree-sitter-bash")
shipshape_add_grammar(json "${SHIPSHAPE_GRAMMARS_DIR}/tree-sitter-json")

find_package(doctest 2.4 CONFIG)   # tests only
