#!/usr/bin/env node
import { exitQuietlyWhenOutputCloses } from "./output.js";
import { run } from "./program.js";

exitQuietlyWhenOutputCloses();

process.exitCode = await run(process.argv);
// Everything is closed by now. Should a driver or model handle still hold the event loop, do not hang:
// the timer is unref'd, so it fires only if something else keeps the process alive.
setTimeout(() => process.exit(), 1000).unref();
