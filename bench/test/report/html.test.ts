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

test('each failed case shows its trace slice (and only its own events)', () => {
  const html = reportToHtml(sampleReport(), { trace: sampleTrace });
  const section = /<section class="case" id="case-c2">[\s\S]*?<\/section>/.exec(html)![0];
  assert.match(section, /trace slice #4–#6 \(3 events\)/);
  assert.match(section, /id="t-4"/);
  assert.match(section, /81a2ff/);
  assert.not.match(section, /id="t-3"/);
});

test.run();
