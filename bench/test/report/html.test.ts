import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { reportToHtml } from '../../src/report/html.js';
import { sampleReport, sampleTrace } from './sample.js';

test('self-contained: no external scripts, styles, images or fonts', () => {
  const html = reportToHtml(sampleReport(), { trace: sampleTrace });
  assert.not.match(html, /<script[^>]+src=|<link[^>]+href=|<img[^>]+src="http|@import|url\(http/);
  assert.match(html, /<style>/);
});

test('compliance matrix has a row per requirement with its verdict, and evidence is escaped', () => {
  const html = reportToHtml(sampleReport());
  for (const id of ['5', '14', '16', '37', '19', '2.3', '29.6', '29.1']) assert.match(html, new RegExp(`<tr data-v="[a-z_]+" id="m-${id.replace('.', '\\.')}">`));
  assert.match(html, /id="m-14"><td><a href="#req-14">14<\/a><\/td><td><span class="b"[^>]*>fail/);
  assert.match(html, /receipt №3 &lt;printed&gt; &amp; &quot;signed&quot;/);
  assert.match(html, /\(unexpected\)/);
  assert.match(html, /\(expected\)/);
});

test('model coverage: covered vs total for states, transitions and automatic sub-items, and each uncovered item listed', () => {
  const r = sampleReport();
  r.coverage = { ...r.coverage, modelRequirements: { covered: 17, total: 19 }, paths: { passed: 3, total: 4 }, uncovered: ['state blocked', 'requirement 29.6 (1 of its paths did not pass)', 'requirement 7 <x>'] };
  const html = reportToHtml(r);
  assert.match(html, /states 9\/10, transitions 20\/25, requirements 18\/20 automatically verified sub-items \(17\/19 of those the model names\) · paths 3\/4 passed/);
  assert.match(html, /Not covered by the model \(3\)/);
  assert.match(html, /<li>requirement 29\.6 \(1 of its paths did not pass\)<\/li>/);
  assert.match(html, /<li>requirement 7 &lt;x&gt;<\/li>/);
  r.coverage = { ...r.coverage, uncovered: [] };
  const full = reportToHtml(r);
  assert.match(full, /nothing uncovered/);
  assert.not.match(full, /Not covered by the model/);
});

test('each failed case shows its trace slice (and only its own events)', () => {
  const html = reportToHtml(sampleReport(), { trace: sampleTrace });
  const section = /<section class="case" id="case-c2">[\s\S]*?<\/section>/.exec(html)![0];
  assert.match(section, /trace slice #4–#6 \(3 events\)/);
  assert.match(section, /id="t-4"/);
  assert.match(section, /81a2ff/);
  assert.not.match(section, /id="t-3"/);
});

test('a long slice shows the window around the first failing check', () => {
  const r = sampleReport();
  const trace = Array.from({ length: 1000 }, (_, i) => ({ v: 1 as const, seq: i + 1, t: i, kind: 'note' }));
  r.cases[1] = { ...r.cases[1]!, traceSlice: { from: 1, to: 1000 }, checks: [{ requirement: '14', ok: false, message: 'x', evidence: [], traceSeq: 500 }] };
  const html = reportToHtml(r, { trace, maxSliceLines: 100 });
  assert.match(html, /#425–#524 shown/);
  assert.match(html, /id="t-500"/);
  assert.not.match(html, /id="t-1000"/);
});

test.run();
