/* Calls add_numbers(i, 10) for i = 0 .. N-1, so runtime tests can check
 * uprobe arguments, uretprobe return values and call counts. */
#include <stdlib.h>

__attribute__((noinline)) int add_numbers(int a, int b) {
  __asm__ volatile("" ::: "memory"); /* keep the call */
  return a + b;
}

int main(int argc, char** argv) {
  long n = argc > 1 ? atol(argv[1]) : 1;
  int total = 0;
  for (long i = 0; i < n; i++)
    total += add_numbers((int)i, 10);
  return total == -1;
}
