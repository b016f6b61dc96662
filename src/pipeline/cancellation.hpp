#pragma once
// Cooperative cancellation for Ctrl-C / SIGTERM: the signal handler only sets a flag; workers
// stop taking spectra and the run ends without writing an output file.

namespace lpm::pipeline {

// Installs SIGINT and SIGTERM handlers that request cancellation (idempotent).
void install_cancellation_handlers();
bool cancellation_requested();
void request_cancellation();
void reset_cancellation();  // for tests

}  // namespace lpm::pipeline
