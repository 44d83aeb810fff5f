#define FOO (1 +
