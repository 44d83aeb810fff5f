// sonde's output formatting library (static library sonde_format): pure C++,
// no libbpf or kernel. The runtime decodes BPF data into the value model of
// value.h and calls in here to produce text (byte-identical to bpftrace
// v0.17, minus its bugs) or -f json lines.
//
//   value.h        Value and its text / JSON forms, key ordering
//   hist.h         hist/lhist bucket layout (shared with codegen) and rows
//   map_format.h   whole maps: sorting, print(@m, top, div), text and JSON
//   printf_format.h  printf/cat/system format parsing, checking, formatting
//   message.h      print(value), printf/time/cat/join/system events, bookkeeping lines
//   wallclock.h    time() / strftime() text
#pragma once

#include "runtime/format/hist.h"
#include "runtime/format/map_format.h"
#include "runtime/format/message.h"
#include "runtime/format/output_mode.h"
#include "runtime/format/printf_format.h"
#include "runtime/format/value.h"
#include "runtime/format/wallclock.h"
