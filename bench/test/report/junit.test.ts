import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { reportToJunit, escapeXml } from '../../src/report/junit.js';
import { sampleReport } from './sample.js';

function testcase(xml: string, req: string): string {
  const m = new RegExp(`<testcase [^>]*name="req ${req.replace('.', '\\.')}"[^>]*>([\\s\\S]*?)</testcase>`).exec(xml);
  assert.ok(m, `testcase for ${req}`);
  return m![1]!;
}

test('one testcase per sub-item; fail → failure, error → error, others → skipped with the verdict as a property', () => {
  const xml = reportToJunit(sampleReport());
  assert.is((xml.match(/<testcase /g) ?? []).length, 8);
  assert.match(testcase(xml, '14'), /<failure message="sale accepted after 24 h" type="fail">/);
  assert.match(testcase(xml, '16'), /<error message="BENCH_DCP_CLOSED"/);
  for (const [id, v] of [['37', 'manual'], ['19', 'not_applicable'], ['2.3', 'not_run']]) {
    const tc = testcase(xml, id!);
    assert.match(tc, /<skipped /);
    assert.match(tc, new RegExp(`<property name="verdict" value="${v}"/>`));
  }
  assert.not.match(testcase(xml, '5'), /<failure|<error|<skipped/);
  assert.match(testcase(xml, '29.6'), /<skipped message="expected failure: vendor bug 7"/);
  assert.match(testcase(xml, '29.1'), /<failure message="unexpected pass/);
  assert.match(xml, /<testsuites name="kkm-bench" tests="8" failures="2" errors="1" skipped="4"/);
});

test('XML special characters are escaped', () => {
  assert.is(escapeXml('<a & "b">\u0001'), '&lt;a &amp; &quot;b&quot;&gt;');
  const xml = reportToJunit(sampleReport());
  assert.match(xml, /receipt №3 &lt;printed&gt; &amp; &quot;signed&quot;/);
});

test.run();
