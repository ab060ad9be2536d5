# The message catalogue's data (docs/i18n.md), included by the top-level
# CMakeLists.txt: the internal proto of a catalogue file and every
# workers/i18n/messages/*.json compiled into the binary.
#
# The glob is CONFIGURE_DEPENDS, so adding a file re-runs the configure step;
# the custom command depends on every file, so editing one regenerates.
set(I18N_DIR ${CMAKE_SOURCE_DIR}/workers/i18n)
set(I18N_GEN_DIR ${GEN_DIR}/workers/i18n)
file(MAKE_DIRECTORY ${I18N_GEN_DIR})

add_custom_command(
  OUTPUT ${I18N_GEN_DIR}/catalog_file.pb.cc ${I18N_GEN_DIR}/catalog_file.pb.h
  COMMAND protobuf::protoc --proto_path=${CMAKE_SOURCE_DIR}
    --cpp_out=${GEN_DIR} ${I18N_DIR}/catalog_file.proto
  DEPENDS ${I18N_DIR}/catalog_file.proto protobuf::protoc
  COMMENT "protoc workers/i18n/catalog_file.proto" VERBATIM)

file(GLOB I18N_MESSAGE_FILES CONFIGURE_DEPENDS ${I18N_DIR}/messages/*.json)
# "|" instead of ";" between the names: a ";" would reach the shell.
string(REPLACE ";" "|" I18N_MESSAGE_ARG "${I18N_MESSAGE_FILES}")
add_custom_command(
  OUTPUT ${I18N_GEN_DIR}/embedded_messages.cc
  COMMAND ${CMAKE_COMMAND} -DOUTPUT=${I18N_GEN_DIR}/embedded_messages.cc
    "-DINPUTS=${I18N_MESSAGE_ARG}" -P ${I18N_DIR}/embed_messages.cmake
  DEPENDS ${I18N_MESSAGE_FILES} ${I18N_DIR}/embed_messages.cmake
  COMMENT "Embedding workers/i18n/messages/*.json" VERBATIM)

# Generated code: no -W flags (as ndrdiag_proto).
add_library(ndrdiag_i18n_data STATIC ${I18N_GEN_DIR}/catalog_file.pb.cc
  ${I18N_GEN_DIR}/embedded_messages.cc)
target_include_directories(ndrdiag_i18n_data PUBLIC ${CMAKE_SOURCE_DIR})
target_include_directories(ndrdiag_i18n_data SYSTEM PUBLIC ${GEN_DIR})
target_link_libraries(ndrdiag_i18n_data PUBLIC protobuf::libprotobuf
  absl::strings absl::span)
