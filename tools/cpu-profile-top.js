#!/usr/bin/env node
/**
 * Where a `node --cpu-prof` profile spent its time, without DevTools:
 *   node tools/cpu-profile-top.js <file.cpuprofile> [rows] [--inclusive <regex>] [--last <seconds>]
 * prints the top functions by self time, self time by module (package or source file),
 * and, with --inclusive, the total time under every function whose name or file matches.
 * --last keeps only the samples of the profile's last seconds (e.g. a load that ran just before exit).
 */
const { readFileSync } = require('node:fs');

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args.splice(at, 2)[1];
};
const lastSeconds = option('--last');
const pattern = option('--inclusive');
const [file, rowsArg] = args;
if (!file) {
  process.stderr.write('usage: node tools/cpu-profile-top.js <file.cpuprofile> [rows] [--inclusive <regex>]\n');
  process.exit(2);
}
const rows = Number(rowsArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

// Self time per node from the samples and their time deltas (microseconds).
const self = new Map();
const times = [];
profile.timeDeltas.reduce((at, delta, i) => (times[i] = at + delta), profile.startTime);
const from = lastSeconds === undefined ? -Infinity : profile.endTime - Number(lastSeconds) * 1e6;
profile.samples.forEach((id, i) => {
  if (times[i] >= from) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);

const where = (frame) => {
  const url = frame.url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const dist = /dist\/(.*)$/.exec(url);
  return dist ? dist[1] : url || '(native)';
};
const label = (frame) => `${frame.functionName || '(anonymous)'} ${where(frame)}:${frame.lineNumber + 1}`;

const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
const perFunction = new Map();
const perModule = new Map();
for (const [id, us] of self) {
  const frame = byId.get(id).callFrame;
  add(perFunction, label(frame), us);
  add(perModule, where(frame), us);
}
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms`;
const print = (title, map) => {
  process.stdout.write(`\n${title}\n`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) process.stdout.write(`${pct(us)}  ${key}\n`);
};
process.stdout.write(`${file}: ${(total / 1000).toFixed(0)} ms sampled${lastSeconds === undefined ? '' : ` in its last ${lastSeconds} s`}\n`);
print('self time by function', perFunction);
print('self time by module', perModule);

if (pattern) {
  // A sample counts once under a matching function, however deep the recursion.
  const regex = new RegExp(pattern);
  const inclusive = new Map();
  for (const [id, us] of self) {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at).callFrame;
      const key = label(frame);
      if (!seen.has(key) && regex.test(key)) {
        seen.add(key);
        add(inclusive, key, us);
      }
    }
  }
  print(`inclusive time of functions matching /${pattern}/`, inclusive);
}
