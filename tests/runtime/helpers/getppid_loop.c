/* Makes exactly N getppid() calls under the thread name "sonde_getppid",
 * so a runtime test can count them with a tracepoint and a predicate on comm. */
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char** argv) {
  long n = argc > 1 ? atol(argv[1]) : 1;
  prctl(PR_SET_NAME, "sonde_getppid", 0, 0, 0);
  for (long i = 0; i < n; i++)
    syscall(SYS_getppid);
  return 0;
}
