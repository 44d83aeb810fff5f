// The sonde command: reads the script, runs the pipeline stages the options
// ask for, and turns every failure into a message and an exit status.
#pragma once

namespace sonde::runtime {

int run_cli(int argc, char** argv);

} // namespace sonde::runtime
