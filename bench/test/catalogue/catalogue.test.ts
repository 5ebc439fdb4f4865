import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { CATALOGUE, getRequirement, isRequirementId, linkCases, selectRequirements, subItems } from '../../src/catalogue/catalogue.js';
import { SOURCE_TEXT } from '../../src/catalogue/source-text.js';
import { parseSection10, renderSourceText } from '../../src/catalogue/generate.js';
import { ALL_CASES } from '../../src/cases/index.js';
import { requirementOfCaseId } from '../../src/case.js';

const EXPECTED_IDS = (
  '1 1.1 1.2 1.3 2 2.1 2.2 2.3 2.4 3 3.1 3.2 3.3 4 5 6 7 7.1 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 ' +
  '29 29.1 29.2 29.3 29.4 29.5 29.6 29.7 30 30.1 30.2 30.3 31 31.1 31.2 31.3 31.4 31.5 32 33 34 35 36 37 38 39 40 40.1 40.2 40.3 40.4 40.5 41 42 43 43.1 43.2 43.3 43.4'
).split(' ');

test('catalogue: every requirement and sub-item of section 10, in order, nothing more', () => {
  assert.equal(CATALOGUE.map((r) => r.id), EXPECTED_IDS);
});

test('catalogue: Russian text, English text and how-to for every entry; parents of sub-items exist', () => {
  for (const r of CATALOGUE) {
    assert.ok(/[А-Яа-я]/.test(r.textRu), `${r.id} textRu`);
    assert.ok(r.textEn.length > 5 && !/[А-Яа-я]{4}/.test(r.textEn.replace(/"[^"]*"|«[^»]*»|\([^)]*"[^"]*"[^)]*\)/g, '')), `${r.id} textEn is English`);
    assert.ok(r.how.length > 10, `${r.id} how`);
    if (r.id.includes('.')) assert.ok(r.parent && getRequirement(r.parent), `${r.id} parent`);
    if (r.verification === 'not_applicable') assert.ok(r.condition, `${r.id} states its condition`);
  }
});

test('catalogue: the stated examples — 37, 38 manual; 19 not applicable (listed after 1 July 2015); 11 conditional for fiscal printers', () => {
  assert.is(getRequirement('37')!.verification, 'manual');
  assert.is(getRequirement('38')!.verification, 'manual');
  assert.is(getRequirement('19')!.verification, 'not_applicable');
  assert.match(getRequirement('19')!.condition!, /1 July 2015/);
  assert.match(getRequirement('11')!.condition!, /fiscal printer/);
  assert.match(getRequirement('11')!.textRu, /фискальными регистраторами/);
});

test('catalogue: Russian text is verbatim from the reference (when the reference is at hand)', () => {
  const seed = '/work/shared/seeds/001_f655891c577f8e43.txt';
  if (!existsSync(seed)) return;
  const text = readFileSync(seed, 'utf8');
  for (const s of SOURCE_TEXT) for (const line of s.textRu.split('\n')) assert.ok(text.includes(line), `${s.id}: ${line.slice(0, 40)}`);
  assert.equal(parseSection10(text), [...SOURCE_TEXT], 'source-text.ts is what generate.ts reads from the reference');
});

test('generate: parses items, continuation lines and headings; renders loadable source', () => {
  const text = '# 10. X\n## Общие\n### Раздел 1\n- **1.** Иметь пароль.\n  - Режимы:\n- **1.1** 1) продаж;\n- **Требования к серверу**\n- **36..** Размер.\n# 11. next\n- **99.** нет\n';
  const items = parseSection10(text);
  assert.equal(items, [
    { id: '1', section: 'Общие / Раздел 1', textRu: 'Иметь пароль.\nРежимы:' },
    { id: '1.1', section: 'Общие / Раздел 1', textRu: '1) продаж;' },
    { id: '36', section: 'Общие / Требования к серверу', textRu: 'Размер.' },
  ]);
  assert.match(renderSourceText(items), /SOURCE_TEXT: readonly SourceText\[\] = \[\n  \{ id: "1",/);
});

test('self-test: every automatic requirement has at least one case; manual and n/a ones have none', () => {
  for (const r of linkCases(ALL_CASES)) {
    const covering = ALL_CASES.filter((c) => c.covers.includes(r.id));
    if (r.verification === 'automatic') {
      // an umbrella requirement ("must print the following documents:") is verified through its
      // sub-items: the runner gives it the worst of their verdicts
      const viaKids = subItems(r.id).some((k) => k.verification === 'automatic' && ALL_CASES.some((c) => c.covers.includes(k.id)));
      assert.ok((r.cases && r.cases.length >= 1) || viaKids, `requirement ${r.id} (automatic) has no case`);
    }
    else assert.is(covering.length, 0, `requirement ${r.id} is ${r.verification} but cases cover it`);
  }
});

test('self-test: every covers entry exists; case ids are unique and name a requirement they cover', () => {
  const ids = new Set<string>();
  for (const c of ALL_CASES) {
    assert.not.ok(ids.has(c.id), `duplicate case id ${c.id}`);
    ids.add(c.id);
    for (const r of c.covers) assert.ok(isRequirementId(r), `${c.id} covers unknown ${r}`);
    const named = requirementOfCaseId(c.id);
    assert.ok(named, `${c.id} does not follow req-<id>-<slug>`);
    assert.ok(c.covers.includes(named!), `${c.id} names ${named} but covers ${c.covers.join(',')}`);
    assert.ok(c.title.length > 10, `${c.id} title`);
  }
});

test('catalogue helpers: subItems, selectRequirements', () => {
  assert.equal(subItems('29').map((r) => r.id), ['29.1', '29.2', '29.3', '29.4', '29.5', '29.6', '29.7']);
  const s = selectRequirements(['30', '14', '99']);
  assert.equal(s.selected.map((r) => r.id), ['14', '30', '30.1', '30.2', '30.3']);
  assert.equal(s.unknown, ['99']);
  assert.is(requirementOfCaseId('req-29.6-block-after-72h'), '29.6');
  assert.is(requirementOfCaseId('mbt:x'), null);
});

test.run();
