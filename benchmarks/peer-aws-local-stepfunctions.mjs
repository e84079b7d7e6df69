// peer-aws-local-stepfunctions.mjs
//
// Copyright 2026 The Stepwise Authors
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Runs a definition with aws-local-stepfunctions (npm), as bench-engine runs it with the
// local executor: one warm-up execution, then RUNS timed ones. Prints what bench-engine's
// --measure prints: "median-ms transitions peak-rss-kB" (then, with SW_BENCH_PRINT_OUTPUT set,
// the output of the last execution on a line of its own).
//
//   node peer-aws-local-stepfunctions.mjs PACKAGE-DIR DEFINITION INPUT RUNS TRANSITIONS

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [packageDir, definitionPath, inputPath, runsText, transitions] = process.argv.slice(2);
const entry = path.join(packageDir, 'build', 'main.node.esm.js');
const { StateMachine } = await import(pathToFileURL(entry).href);

const definition = JSON.parse(fs.readFileSync(definitionPath, 'utf8'));
const input = JSON.parse(fs.readFileSync(inputPath, 'utf8'));
const machine = new StateMachine(definition, { validationOptions: { checkPaths: false } });
const runs = Math.max(1, parseInt(runsText, 10));
const times = [];
let output;

for (let i = 0; i <= runs; i++) {
  const start = process.hrtime.bigint();
  const execution = machine.run(input);
  output = await execution.result;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (i > 0)
    times.push(ms);
}
times.sort((a, b) => a - b);
console.log(`${times[Math.floor(times.length / 2)].toFixed(3)} ${transitions} ` +
            `${process.resourceUsage().maxRSS}`);
// With SW_BENCH_PRINT_OUTPUT, the execution's output follows, so the caller can check that
// the peer really ran the machine.
if (process.env.SW_BENCH_PRINT_OUTPUT)
  console.log(JSON.stringify(output));
