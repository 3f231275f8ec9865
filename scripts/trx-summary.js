#!/usr/bin/env node
// Summarises the TRX files `dotnet test --logger trx` wrote into a results directory.
//
//   node scripts/trx-summary.js <results-dir>
//
// Prints one line per test assembly, the failed tests (with the first line of their message), any
// run-level errors (e.g. a crashed test host), and last, alone on its line:
//
//   Total: N passed, N failed, N skipped
//
// Outcomes: Passed -> passed; Failed/Error/Timeout/Aborted -> failed; NotExecuted/Inconclusive/... -> skipped.
// Exit code 0 whenever the files could be read (judging the run is scripts/test.sh's job).
'use strict';

const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/trx-summary.js <results-dir>');
  process.exit(2);
}

function findTrx(folder) {
  if (!fs.existsSync(folder)) return [];
  const found = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...findTrx(full));
    else if (entry.name.toLowerCase().endsWith('.trx')) found.push(full);
  }
  return found.sort();
}

const entities = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
function decode(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return entities[e] ?? m;
  });
}

function attributes(tag) {
  const attrs = {};
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) attrs[m[1]] = decode(m[2]);
  return attrs;
}

function outcomeKind(outcome) {
  switch (outcome) {
    case 'Passed':
    case 'PassedButRunAborted':
      return 'passed';
    case 'Failed':
    case 'Error':
    case 'Timeout':
    case 'Aborted':
      return 'failed';
    default:
      return 'skipped'; // NotExecuted, Inconclusive, NotRunnable, Disconnected, Warning, ...
  }
}

const assemblies = new Map(); // name -> { passed, failed, skipped }
const failures = [];
const runErrors = [];

for (const file of findTrx(dir)) {
  const xml = fs.readFileSync(file, 'utf8');

  // testId -> assembly name, from <UnitTest id=".." storage="/lowercased/path.dll"><TestMethod codeBase="/Path/To.Tests.dll" ..>
  const storageById = new Map();
  for (const m of xml.matchAll(/<UnitTest\s[^>]*?(\/>|>[\s\S]*?<\/UnitTest>)/g)) {
    const a = attributes(m[0].slice(0, m[0].indexOf('>') + 1));
    const method = /<TestMethod\s[^>]*>/.exec(m[0]);
    const file = (method && attributes(method[0]).codeBase) || a.storage || '';
    if (a.id) storageById.set(a.id, path.basename(file.replace(/\\/g, '/')).replace(/\.(dll|exe)$/i, ''));
  }

  let results = 0;
  for (const m of xml.matchAll(/<UnitTestResult\s[^>]*?(\/>|>[\s\S]*?<\/UnitTestResult>)/g)) {
    results++;
    const open = m[0].slice(0, m[0].indexOf('>') + 1);
    const a = attributes(open);
    const assembly = storageById.get(a.testId) || path.basename(file, '.trx');
    const counts = assemblies.get(assembly) ?? { passed: 0, failed: 0, skipped: 0 };
    const kind = outcomeKind(a.outcome);
    counts[kind]++;
    assemblies.set(assembly, counts);
    if (kind === 'failed') {
      const message = /<Message>([\s\S]*?)<\/Message>/.exec(m[0]);
      const first = message ? decode(message[1]).trim().split(/\r?\n/)[0] : a.outcome;
      failures.push(`${a.testName} (${assembly}): ${first.length > 300 ? first.slice(0, 300) + '...' : first}`);
    }
  }

  // Run-level problems (test host crash, no tests matched, ...), reported as warnings/errors.
  const summary = /<ResultSummary\s[^>]*outcome="([^"]*)"/.exec(xml);
  for (const m of xml.matchAll(/<RunInfo\s[^>]*outcome="(Error|Failed|Warning)"[^>]*>[\s\S]*?<Text>([\s\S]*?)<\/Text>/g)) {
    const text = decode(m[2]).trim().split(/\r?\n/)[0];
    if (/\[(FAIL|SKIP)\]\s*$/.test(text)) continue; // per-test lines, already counted above
    runErrors.push(`${path.basename(file)}: ${m[1]}: ${text}`);
  }
  if (results === 0 && summary && summary[1] !== 'Completed') {
    runErrors.push(`${path.basename(file)}: run outcome ${summary[1]} with no test results`);
  }
}

const total = { passed: 0, failed: 0, skipped: 0 };
const names = [...assemblies.keys()].sort();
const width = Math.max(10, ...names.map((n) => n.length));
if (names.length === 0) {
  console.log(`No test results found under ${dir}.`);
}
for (const name of names) {
  const c = assemblies.get(name);
  total.passed += c.passed;
  total.failed += c.failed;
  total.skipped += c.skipped;
  console.log(`  ${name.padEnd(width)}  ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
}
if (failures.length > 0) {
  console.log('Failed tests:');
  for (const f of failures) console.log(`  - ${f}`);
}
if (runErrors.length > 0) {
  console.log('Test run messages:');
  for (const e of runErrors.slice(0, 20)) console.log(`  - ${e}`);
}
console.log(`Total: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
