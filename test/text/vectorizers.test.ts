import { describe, expect, it } from 'vitest';
import { CountVectorizer, TfidfVectorizer } from '../../src/text/index.js';
import type { SparseMatrix } from '../../src/data/sparse.js';
import { checkSparse } from '../../src/data/sparse.js';
import { expectWasmlpError } from '../helpers/expect-error.js';
import { loadSms, sklearnMissing, sklearnVectorize, type SklearnVectors } from './sms.js';

const missing = sklearnMissing();
const sms = loadSms();

/** Same vocabulary, same nonzero pattern, values within tol. */
function expectSameMatrix(ours: SparseMatrix, ref: SklearnVectors, tol: number): void {
  expect(Array.from(ours.indptr)).toEqual(ref.indptr);
  expect(Array.from(ours.indices)).toEqual(ref.indices);
  let worst = 0;
  for (let k = 0; k < ref.values.length; k++) worst = Math.max(worst, Math.abs(ours.values[k] - ref.values[k]));
  expect(worst).toBeLessThan(tol);
}

describe.skipIf(missing !== null)(`vectorizers against scikit-learn on sms_spam.tsv${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('CountVectorizer, full vocabulary: same terms and counts', () => {
    const cv = new CountVectorizer();
    const x = cv.fitTransform(sms.texts);
    const ref = sklearnVectorize('count', sms.texts, {});
    expect(cv.featureNamesOut()).toEqual(ref.vocabulary);
    expectSameMatrix(x, ref, 1e-9);
  });

  it('TfidfVectorizer with bigrams, english stop words, minDf and maxDf fractions: same vocabulary, idf and values', () => {
    const tv = new TfidfVectorizer({ ngramRange: [1, 2], stopWords: 'english', minDf: 2, maxDf: 0.5 });
    const x = tv.fitTransform(sms.texts);
    const ref = sklearnVectorize('tfidf', sms.texts, { ngram_range: [1, 2], stop_words: 'english', min_df: 2, max_df: 0.5 });
    expect(tv.featureNamesOut()).toEqual(ref.vocabulary);
    const idf = tv.idf;
    for (let i = 0; i < idf.length; i++) expect(Math.abs(idf[i] - ref.idf![i])).toBeLessThan(1e-9);
    expectSameMatrix(x, ref, 1e-6);
  });

  it('TfidfVectorizer(maxFeatures 4096, sublinearTf): the kept terms differ from scikit-learn only by ties at the cut, values match', () => {
    const tv = new TfidfVectorizer({ maxFeatures: 4096, sublinearTf: true });
    const x = tv.fitTransform(sms.texts);
    const ref = sklearnVectorize('tfidf', sms.texts, { max_features: 4096, sublinear_tf: true });
    const ours = tv.featureNamesOut();
    expect(ours.length).toBe(4096);
    // numpy's argsort is not stable, so scikit-learn breaks ties at the cut arbitrarily; ours breaks them by term.
    const theirs = new Set(ref.vocabulary);
    const onlyOurs = ours.filter((t) => !theirs.has(t));
    const onlyTheirs = ref.vocabulary.filter((t) => !ours.includes(t));
    expect(onlyOurs.length).toBe(onlyTheirs.length);
    const cut = Math.min(...ours.map((t) => ref.total[t]));
    for (const t of [...onlyOurs, ...onlyTheirs]) expect(ref.total[t], t).toBe(cut);
    if (onlyOurs.length === 0) {
      expectSameMatrix(x, ref, 1e-6);
    } else {
      // Compare on the shared vocabulary: with the same terms kept, sklearn's rows equal ours.
      const again = sklearnVectorize('tfidf', sms.texts, { vocabulary: ours, sublinear_tf: true });
      expect(again.vocabulary).toEqual(ours);
      expectSameMatrix(x, again, 1e-6);
    }
  });

  it('binary counts, l1 norm, no smoothing: same values', () => {
    const texts = sms.texts.slice(0, 800);
    const tv = new TfidfVectorizer({ binary: true, norm: 'l1', smoothIdf: false, minDf: 0.001 });
    const x = tv.fitTransform(texts);
    const ref = sklearnVectorize('tfidf', texts, { binary: true, norm: 'l1', smooth_idf: false, min_df: 0.001 });
    expect(tv.featureNamesOut()).toEqual(ref.vocabulary);
    expectSameMatrix(x, ref, 1e-6);
  });

  it('Unicode text: letters, digits of any script and accents tokenized as Python does', () => {
    const texts = ['Ünïcödé façade naïve café', 'Москва ＡＢＣ ١٢٣ 東京タワー', 'x_y 𝔘𝔫𝔦 emoji🙂ok 2nd ½ ²3', 'ǅemal İstanbul ß STRASSE', null as unknown as string];
    const cv = new CountVectorizer();
    const x = cv.fitTransform(texts);
    const ref = sklearnVectorize('count', texts.map((t) => t ?? ''), {});
    expect(cv.featureNamesOut()).toEqual(ref.vocabulary);
    expectSameMatrix(x, ref, 1e-9);
  });
});

describe('vectorizers', () => {
  it('gives valid CSR and ignores terms unseen in fit', () => {
    const tv = new TfidfVectorizer().fit(['free prize now', 'call me now']);
    const x = checkSparse(tv.transform(['free free unknownword', null, '']), 'x');
    expect(x.rows).toBe(3);
    expect(Array.from(x.indptr)).toEqual([0, 1, 1, 1]);
    expect(x.values[0]).toBeCloseTo(1, 6);
    expect(tv.featureNamesOut()).toEqual(['call', 'free', 'me', 'now', 'prize']);
  });

  it('maxFeatures keeps the most frequent terms, ties broken by term', () => {
    const cv = new CountVectorizer({ maxFeatures: 2 }).fit(['bb aa cc cc', 'dd aa bb cc']);
    expect(cv.featureNamesOut()).toEqual(['aa', 'cc']);
  });

  it('round-trips through JSON with identical output', () => {
    const tv = new TfidfVectorizer({ sublinearTf: true, ngramRange: [1, 2] }).fit(sms.texts.slice(0, 300));
    const back = TfidfVectorizer.fromJSON(JSON.parse(JSON.stringify(tv.toJSON())));
    const a = tv.transform(sms.texts.slice(300, 400)), b = back.transform(sms.texts.slice(300, 400));
    expect(Array.from(b.indices)).toEqual(Array.from(a.indices));
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
    const cv = new CountVectorizer({ stopWords: ['the'] }).fit(['the cat sat', 'the dog']);
    expect(CountVectorizer.fromJSON(cv.toJSON()).featureNamesOut()).toEqual(['cat', 'dog', 'sat']);
    const prefixed = TfidfVectorizer.fromJSON(new TfidfVectorizer({ featurePrefix: 'sms:' }).fit(['free call', 'call now']).toJSON());
    expect(prefixed.featureNamesOut()).toEqual(['sms:call', 'sms:free', 'sms:now']);
  });

  it('refuses bad options, texts and files with coded errors', async () => {
    await expectWasmlpError(() => new TfidfVectorizer({ maxFeature: 10 } as never), 'BAD_OPTION', [/maxFeature/, /Did you mean 'maxFeatures'/], { option: 'maxFeature' });
    await expectWasmlpError(() => new TfidfVectorizer({ sublinear_tf: 'yes' } as never), 'BAD_OPTION', [/sublinearTf/], { option: 'sublinearTf' });
    await expectWasmlpError(() => new CountVectorizer({ ngramRange: [2, 1] }), 'BAD_OPTION', [/ngramRange/]);
    await expectWasmlpError(() => new CountVectorizer({ minDf: 1.5 }), 'BAD_OPTION', [/minDf/, /fraction/]);
    await expectWasmlpError(() => new TfidfVectorizer({ norm: 'l3' as never }), 'BAD_OPTION', [/norm/]);
    await expectWasmlpError(() => new TfidfVectorizer({ featurePrefix: 3 as never }), 'BAD_OPTION', [/featurePrefix/]);
    await expectWasmlpError(() => new CountVectorizer({ tokenPattern: '(' }), 'BAD_OPTION', [/tokenPattern/]);
    await expectWasmlpError(() => new CountVectorizer().fit(['ok text', 42 as never]), 'TEXT_NOT_STRING', [/text 1/], { row: 1 });
    await expectWasmlpError(() => new CountVectorizer().fit('one text' as never), 'TEXT_NOT_STRING');
    await expectWasmlpError(() => new CountVectorizer().fit(['a', '!', null]), 'EMPTY_VOCABULARY', [/no token/]);
    await expectWasmlpError(() => new CountVectorizer({ minDf: 3 }).fit(['aa bb', 'bb cc']), 'EMPTY_VOCABULARY', [/minDf/]);
    await expectWasmlpError(() => new CountVectorizer({ minDf: 3, maxDf: 2 }).fit(['aa bb', 'bb cc', 'dd']), 'BAD_OPTION', [/maxDf/]);
    await expectWasmlpError(() => new TfidfVectorizer().transform(['x']), 'NOT_FITTED');
    await expectWasmlpError(() => TfidfVectorizer.fromJSON({ className: 'CountVectorizer', config: {} }), 'BAD_JSON');
    const json = new TfidfVectorizer().fit(['aa bb', 'bb cc']).toJSON();
    await expectWasmlpError(() => TfidfVectorizer.fromJSON({ ...json, state: { ...json.state!, idf: [1, 2] } }), 'BAD_JSON', [/idf/]);
  });
});
