// bench-jsonata-peer.mjs
//
// Copyright 2026 The Stepwise Authors
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Evaluates the cases of bench-jsonata with the jsonata npm package (the reference
// implementation), the same way bench-jsonata times its own engine: each expression compiled
// once, evaluated until WARM-MS have passed (at least 3 times) to warm up, then timed with
// process.hrtime in 5 rounds of BUDGET-MS / 5 (at least 2 evaluations each), the fastest round
// counting, the clock read after batches of about 20 µs. Prints one JSON object:
//
//   {"version": V, "node": NODE-VERSION,
//    "results": [{"ns": NS-PER-EVALUATION} or {"error": E}, …],
//    "baseKB": VmHWM-BEFORE-THE-FIRST-EVALUATION, "peakKB": VmHWM-AT-THE-END}
//
//   node bench-jsonata-peer.mjs PACKAGE-DIR CASES.json BUDGET-MS WARM-MS
//
// CASES.json is an array of {"expr", "data" | "input" (a JSON file) | neither (undefined),
// "bindings"}.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [packageDir, casesPath, budgetText, warmText] = process.argv.slice(2);
const require = createRequire(path.join(packageDir, 'package.json'));
const jsonata = require(packageDir);
const version = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'))
  .version;

function hwmKB () {
  const match = /VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return match ? parseInt(match[1], 10) : process.resourceUsage().maxRSS;
}

const cases = JSON.parse(fs.readFileSync(casesPath, 'utf8'));
const ROUNDS = 5;
const budgetNs = BigInt(Math.round(parseFloat(budgetText) * 1e6));
const warmNs = BigInt(Math.round(parseFloat(warmText) * 1e6));
const files = new Map();
for (const c of cases) {
  if (c.input !== undefined && !files.has(c.input))
    files.set(c.input, JSON.parse(fs.readFileSync(c.input, 'utf8')));
}

const baseKB = hwmKB();
const results = [];
for (const c of cases) {
  const data = c.data !== undefined ? c.data : c.input !== undefined ? files.get(c.input)
                                                                      : undefined;
  const bindings = c.bindings ?? undefined;
  try {
    const compiled = jsonata(c.expr);
    let start = process.hrtime.bigint();
    let ops = 0;
    let elapsed = 0n;

    do {
      await compiled.evaluate(data, bindings);
      ops++;
      elapsed = process.hrtime.bigint() - start;
    } while (ops < 3 || elapsed < warmNs);
    const batch = Math.max(1, Math.floor(20e3 / (Number(elapsed) / ops)));

    let best = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      ops = 0;
      start = process.hrtime.bigint();
      do {
        for (let i = 0; i < batch; i++)
          await compiled.evaluate(data, bindings);
        ops += batch;
        elapsed = process.hrtime.bigint() - start;
      } while (ops < 2 || elapsed < budgetNs / BigInt(ROUNDS));
      best = Math.min(best, Number(elapsed) / ops);
    }
    results.push({ ns: best });
  } catch (e) {
    results.push({ error: String(e.code ?? e.message ?? e) });
  }
}

console.log(JSON.stringify({
  version, node: process.version, results, baseKB, peakKB: hwmKB(),
}));
