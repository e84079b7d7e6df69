// bench-jsonata-peer.mjs
//
// Copyright 2026 The Stepwise Authors
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Evaluates the expressions of bench-jsonata with the jsonata npm package (the reference
// implementation), the same way: each expression compiled once, evaluated once to warm up,
// then as many times as fit in SECONDS. Prints one JSON object:
//
//   {"results": [{"ops": N, "seconds": S, "result": …}, …], "maxRSS": KB}
//
//   node bench-jsonata-peer.mjs PACKAGE-DIR INPUT.json EXPRESSIONS.json SECONDS

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [packageDir, inputPath, expressionsPath, secondsText] = process.argv.slice(2);
const require = createRequire(path.join(packageDir, 'package.json'));
const jsonata = require(packageDir);

const inputs = JSON.parse(fs.readFileSync(inputPath, 'utf8'));
const expressions = JSON.parse(fs.readFileSync(expressionsPath, 'utf8'));
const budget = parseFloat(secondsText);
const results = [];

for (const { expression, input } of expressions) {
  const compiled = jsonata(expression);
  const data = inputs[input];
  let result = await compiled.evaluate(data);
  let ops = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;

  do {
    result = await compiled.evaluate(data);
    ops++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  } while (elapsed < budget);
  results.push({ ops, seconds: elapsed, result: result === undefined ? null : result });
}

console.log(JSON.stringify({ results, maxRSS: process.resourceUsage().maxRSS }));
