#include "runtime/cli.h"

int main(int argc, char** argv) {
  return sonde::runtime::run_cli(argc, argv);
}
