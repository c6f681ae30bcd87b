// The results as a markdown table.
const num = (x) => (x == null ? '' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

export function markdown(results) {
  const s = results.system;
  const lines = [
    `## wasmlp benchmarks (${results.mode}, ${results.date})`,
    '',
    `CPU: ${s.cpu} (${s.cores} cores) · ${s.platform} · Node ${s.node} (V8 ${s.v8}) · load average at start ${s.loadAverage.join(' ')}`,
    `Peers: ${results.peers.map((p) => `${p.name}${p.simd !== undefined ? ` (SIMD ${p.simd ? 'on' : 'off'}, threads ${p.threads ? 'on' : 'off'})` : ''}`).join(', ') || 'none'}` +
      (results.roofline ? ` · measured WebAssembly SIMD roofline ${results.roofline.toFixed(1)} GFLOP/s` : ''),
    '',
    '| system | workload | median | min | max | unit | vs wasmlp | accuracy | notes |',
    '| --- | --- | ---: | ---: | ---: | --- | ---: | --- | --- |',
  ];
  for (const r of results.results) {
    if (r.skipped) {
      lines.push(`| ${r.system} | ${r.workload} | | | | | | | skipped: ${r.skipped} |`);
      continue;
    }
    const acc = r.accuracy == null ? '' : `${(100 * r.accuracy).toFixed(1)}%${r.accuracyStd != null ? ` ± ${(100 * r.accuracyStd).toFixed(1)}` : ''}`;
    const ratio = r.ratio == null ? '' : `${num(r.ratio)}x`;
    lines.push(`| ${r.system} | ${r.workload} | ${num(r.median)} | ${num(r.min)} | ${num(r.max)} | ${r.metric} | ${ratio} | ${acc} | ${r.note ?? ''} |`);
  }
  for (const k of results.skipped) lines.push('', `Skipped ${k.system}: ${k.reason}`);
  lines.push('', `"vs wasmlp": the system's time (or size) over wasmlp's, or wasmlp's GFLOP/s over the system's: above 1, wasmlp is ahead. Suite time ${results.seconds} s.`);
  return lines.join('\n');
}
