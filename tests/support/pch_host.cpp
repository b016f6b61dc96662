// Compiles the test programs' shared precompiled header (tests/CMakeLists.txt: lpm_test_pch); the
// header holds everything, so this file is otherwise empty.
