import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Dense, Sequential, init } from '../../src/index.js';
import { SIDECAR_VALUES } from '../../src/model/serialization.js';
import { checksum } from '../../src/codec/checksum.js';
import { expectWasmlpError } from '../helpers/expect-error.js';

/**
 * Issue 12 item 3: save(path) of a large model writes model.json plus a binary weights file
 * (model.weights.bin, little-endian float32, sha256 in the signed JSON), streamed in chunks, up to
 * the 256M parameters a model may have; load(path) streams it back bit for bit. A damaged, missing
 * or redirected weights file is a coded error naming it. The giant cases run in a fresh Node on
 * dist/ (npm run build first), so their gigabytes are returned when the process ends.
 */
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'wasmlp-giant-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs an ES module script in a fresh Node and returns the JSON object it prints last. */
function runNode(script: string): Record<string, unknown> {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 300_000 });
  expect(run.status, `${run.stderr}\n${run.stdout}`).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

const X = [[0.5, -1, 2, 0.25], [1, 0, -0.5, 3], [-2, 1, 1, 0]];
const Y = [[1], [0], [2]];

async function trained(): Promise<Sequential> {
  await init();
  const m = new Sequential([new Dense({ units: 16, activation: 'relu', inputDim: 4 }), new Dense({ units: 1 })], { seed: 7 });
  m.compile({ loss: 'mse', optimizer: 'adam' });
  await m.fit(X, Y, { epochs: 3, batchSize: 2 });
  return m;
}

const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));

describe('model.save(path) with a binary weights file', () => {
  it("{ weights: 'sidecar' } writes model.json + model.weights.bin; load restores weights and optimizer state bit for bit, and training continues identically", async () => {
    const folder = join(dir, 'roundtrip');
    mkdirSync(folder);
    const m = await trained();
    await m.save(join(folder, 'model.json'), { weights: 'sidecar' });
    const doc = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8'));
    expect(doc.formatVersion).toBe(2);
    expect(doc.weights.data).toBeUndefined();
    expect(doc.weightsFile).toMatchObject({ path: 'model.weights.bin', bytes: m.countParams() * 4 * 3 });
    // The file is plain little-endian float32: the weights first, then the two optimizer buffers.
    const raw = readFileSync(join(folder, 'model.weights.bin'));
    expect(bits(new Float32Array(raw.buffer, raw.byteOffset, m.countParams()))).toEqual(bits(m.net!.getParams()));
    const back = await Sequential.load(join(folder, 'model.json'));
    expect(bits(back.net!.getParams())).toEqual(bits(m.net!.getParams()));
    expect(bits(back.net!.getOptimizerState(1))).toEqual(bits(m.net!.getOptimizerState(1)));
    await m.fit(X, Y, { epochs: 2, batchSize: 2 });
    await back.fit(X, Y, { epochs: 2, batchSize: 2 });
    expect(bits(back.net!.getParams())).toEqual(bits(m.net!.getParams()));
    // Saved again to the same path: its own weights file is replaced, not refused.
    await m.save(join(folder, 'model.json'), { weights: 'sidecar', includeOptimizer: false });
    expect(readFileSync(join(folder, 'model.weights.bin')).length).toBe(m.countParams() * 4);
    // Saved as one file over it: the weights file it no longer names is removed.
    await m.save(join(folder, 'model.json'));
    expect(readdirSync(folder)).toEqual(['model.json']);
    m.dispose();
    back.dispose();
  });

  it('small models stay one JSON file (version 1, readable by older wasmlp) unless asked; the threshold is 16M values', async () => {
    const m = await trained();
    const path = join(dir, 'small.json');
    await m.save(path);
    expect(JSON.parse(readFileSync(path, 'utf8')).formatVersion).toBe(1);
    expect(existsSync(join(dir, 'small.weights.bin'))).toBe(false);
    expect(SIDECAR_VALUES).toBe(16 * 1024 * 1024);
    await expectWasmlpError(() => m.save(path, { weights: 'binary' as never }), 'BAD_OPTION', [/'auto' \(default\), 'inline'.*'sidecar'/], { option: 'weights' });
    await expectWasmlpError(() => m.save(path, { wieghts: 'sidecar' } as never), 'BAD_OPTION', [/Did you mean 'weights'/]);
    m.dispose();
  });

  it('a missing, truncated, lengthened or edited weights file is a coded error naming the file; no half-loaded model is returned', async () => {
    const folder = join(dir, 'damaged');
    mkdirSync(folder);
    const m = await trained();
    const path = join(folder, 'm.json');
    const bin = join(folder, 'm.weights.bin');
    await m.save(path, { weights: 'sidecar' });
    const good = readFileSync(bin);
    const named = { file: bin };

    truncateSync(bin, good.length - 4);
    await expectWasmlpError(() => Sequential.load(path), 'WEIGHTS_FILE', [bin, /truncated/, `${good.length - 4} bytes`], named);
    writeFileSync(bin, good);
    appendFileSync(bin, Buffer.from([0]));
    await expectWasmlpError(() => Sequential.load(path), 'WEIGHTS_FILE', [bin, /too long/], named);
    const flipped = Buffer.from(good);
    flipped[flipped.length >> 1] ^= 0x01;
    writeFileSync(bin, flipped);
    await expectWasmlpError(() => Sequential.load(path), 'MODEL_CORRUPTED', [bin, /checksum/], named);
    rmSync(bin);
    await expectWasmlpError(() => Sequential.load(path), 'WEIGHTS_FILE', [bin, /missing/, /two files: copy m\.json together with m\.weights\.bin/], named);
    // Another save's weights file of the same length: the sha256 in the signed JSON tells them apart.
    const other = await trained();
    await other.fit(X, Y, { epochs: 1 });
    await other.save(join(folder, 'other.json'), { weights: 'sidecar' });
    writeFileSync(bin, readFileSync(join(folder, 'other.weights.bin')));
    await expectWasmlpError(() => Sequential.load(path), 'MODEL_CORRUPTED', [/belongs to another save/], named);
    writeFileSync(bin, good);
    expect(bits((await Sequential.load(path)).net!.getParams())).toEqual(bits(m.net!.getParams()));
    m.dispose();
    other.dispose();
  });

  it('the weights file is read only from the model folder: a symlink out of it, or a path in the JSON, is refused', async () => {
    const folder = join(dir, 'links');
    mkdirSync(folder);
    const m = await trained();
    const path = join(folder, 'model.json');
    await m.save(path, { weights: 'sidecar' });
    const outside = join(dir, 'outside.bin');
    writeFileSync(outside, readFileSync(join(folder, 'model.weights.bin')));
    rmSync(join(folder, 'model.weights.bin'));
    symlinkSync(outside, join(folder, 'model.weights.bin'));
    await expectWasmlpError(() => Sequential.load(path), 'WEIGHTS_FILE', [/leads outside the model's folder/, outside], { file: join(folder, 'model.weights.bin') });
    // A name with a folder in it is refused even when the document is re-signed (a forged file).
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    for (const name of ['../outside.bin', '/etc/passwd', '..', 'sub\\x.bin']) {
      doc.weightsFile.path = name;
      const { integrity: _, ...rest } = doc;
      doc.integrity = `cyrb53:${checksum(JSON.stringify(rest))}`;
      writeFileSync(join(folder, 'forged.json'), JSON.stringify(doc));
      await expectWasmlpError(() => Sequential.load(join(folder, 'forged.json')), 'BAD_MODEL_FILE', [/plain file name in the model's folder/], { option: 'weightsFile.path' });
    }
    // Without re-signing, any edit of the document fails its integrity check first.
    doc.weightsFile.path = 'model.weights.bin';
    doc.weightsFile.bytes += 4;
    writeFileSync(join(folder, 'edited.json'), JSON.stringify(doc));
    await expectWasmlpError(() => Sequential.load(join(folder, 'edited.json')), 'MODEL_CORRUPTED', [/integrity check failed/]);
    m.dispose();
  });

  it('forged two-file documents (each field replaced by junk, then re-signed) are refused with a coded error, never a crash', async () => {
    const folder = join(dir, 'forged');
    mkdirSync(folder);
    const m = await trained();
    await m.save(join(folder, 'model.json'), { weights: 'sidecar' });
    const good = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8'));
    m.dispose();
    const junk: unknown[] = [null, -1, 0, 'x', {}, [], 1e308, true, '../model.weights.bin', 'a'.repeat(300)];
    const fields = ['formatVersion', 'weightsFile', 'weightsFile.path', 'weightsFile.bytes', 'weightsFile.sha256', 'weights', 'weights.count', 'weights.data', 'weights.dtype', 'optimizer', 'optimizer.step', 'optimizer.state', 'optimizer.rng', 'inputDim'];
    let cases = 0;
    const loaded: string[] = [];
    for (const field of fields) {
      for (const value of [...junk, undefined]) {
        const doc = structuredClone(good);
        const parts = field.split('.');
        let o = doc;
        for (const part of parts.slice(0, -1)) o = o[part];
        if (value === undefined) delete o[parts.at(-1)!];
        else o[parts.at(-1)!] = value;
        const { integrity: _, ...rest } = doc;
        doc.integrity = `cyrb53:${checksum(JSON.stringify(rest))}`;
        const path = join(folder, `forged-${cases++}.json`);
        writeFileSync(path, JSON.stringify(doc));
        let caught: unknown = null;
        try {
          (await Sequential.load(path)).dispose();
        } catch (e) {
          caught = e;
        }
        if (caught === null) loaded.push(`${field} = ${JSON.stringify(value)}`);
        if (caught !== null) expect(['BAD_MODEL_FILE', 'MODEL_VERSION', 'WEIGHTS_FILE', 'MODEL_CORRUPTED'], `${field} = ${JSON.stringify(value)}: ${String(caught)}`).toContain((caught as { code?: string }).code);
      }
    }
    expect(cases).toBe(fields.length * (junk.length + 1));
    // Deleting a field the document does not have, and a step count of 0, change nothing.
    expect(loaded).toEqual(['weights.data = undefined', 'optimizer.step = 0', 'optimizer.state = undefined']);
  });

  it('save never replaces an unrelated file, a folder or a symlink that has the weights file name', async () => {
    const folder = join(dir, 'clobber');
    mkdirSync(folder);
    const m = await trained();
    writeFileSync(join(folder, 'a.weights.bin'), 'precious');
    await expectWasmlpError(() => m.save(join(folder, 'a.json'), { weights: 'sidecar' }), 'OUTPUT_EXISTS', [/a\.weights\.bin, which already exists and is not the weights file of/], { option: 'path' });
    expect(readFileSync(join(folder, 'a.weights.bin'), 'utf8')).toBe('precious');
    expect(existsSync(join(folder, 'a.json'))).toBe(false);
    const target = join(dir, 'link-target.txt');
    writeFileSync(target, 'elsewhere');
    symlinkSync(target, join(folder, 'b.weights.bin'));
    await expectWasmlpError(() => m.save(join(folder, 'b.json'), { weights: 'sidecar' }), 'OUTPUT_EXISTS', [/symbolic link/]);
    expect(readFileSync(target, 'utf8')).toBe('elsewhere');
    await expectWasmlpError(() => m.save(folder, { weights: 'sidecar' }), 'FILE_IS_DIRECTORY', [/is a directory; give the path of a model file in it/], { file: folder });
    mkdirSync(join(folder, 'c.weights.bin'));
    await expectWasmlpError(() => m.save(join(folder, 'c.json'), { weights: 'sidecar' }), 'OUTPUT_EXISTS', [/not a regular file/]);
    // A model file of the same name whose document does not name the weights file: still unrelated.
    writeFileSync(join(folder, 'd.json'), '{"hello": 1}');
    writeFileSync(join(folder, 'd.weights.bin'), 'mine');
    await expectWasmlpError(() => m.save(join(folder, 'd.json'), { weights: 'sidecar' }), 'OUTPUT_EXISTS');
    expect(readFileSync(join(folder, 'd.weights.bin'), 'utf8')).toBe('mine');
    m.dispose();
  });

  it('fromJSON of a two-file document says to use load(path); save and fit exclude each other (MODEL_BUSY); a save stopped part way leaves no file', async () => {
    const m = await trained();
    const path = join(dir, 'busy.json');
    await m.save(path, { weights: 'sidecar' });
    await expectWasmlpError(() => Sequential.fromJSON(readFileSync(path, 'utf8')), 'BAD_MODEL_FILE', [/busy\.weights\.bin/, /Sequential\.load\(path\)/], { option: 'weightsFile' });
    // While a save to a weights file runs, fit (which would change the weights under it) and a second such save are refused.
    await m.hold('save', async () => {
      await expectWasmlpError(() => m.fit(X, Y, { epochs: 1 }), 'MODEL_BUSY', [/model\.fit\(\) was called while model\.save\(\) is still running/]);
      await expectWasmlpError(() => m.save(join(dir, 'busy3.json'), { weights: 'sidecar' }), 'MODEL_BUSY', [/model\.save\(\) was called while model\.save\(\) is still running/]);
    });
    // A writer stopped between chunks (save does this when the model is disposed) removes its temporary file.
    const { writeWeightsFile } = await import('../../src/io/weights-file.js');
    const values = new Float32Array(5 * 1024 * 1024); // 20 MB: three chunks
    let chunks = 0;
    const stopped = join(dir, 'stopped.weights.bin');
    await expect(writeWeightsFile(stopped, [{ count: values.length, view: () => values }], () => { if (++chunks === 3) throw new Error('stop'); })).rejects.toThrow('stop');
    expect(readdirSync(dir).filter((f) => f.startsWith('stopped'))).toEqual([]);
    m.dispose();
    await expectWasmlpError(() => m.save(join(dir, 'gone.json'), { weights: 'sidecar' }), 'DISPOSED');
  });
});

describe('ModelCheckpoint of a large model (save from a fit callback)', () => {
  it('writes one consistent snapshot per epoch to model.json + model.weights.bin, each loading back to the weights of its epoch', async () => {
    await init();
    const { ModelCheckpoint } = await import('../../src/index.js');
    const folder = join(dir, 'checkpoints');
    mkdirSync(folder);
    // 2400 x 2400 + 2400 parameters with Adam's two buffers: 17.3M values, above the 16M threshold.
    const m = new Sequential([new Dense({ units: 2400, inputDim: 2400 })], { seed: 2 });
    m.compile({ loss: 'mse', optimizer: 'adam' });
    const x = Array.from({ length: 4 }, (_, r) => Array.from({ length: 2400 }, (_, c) => ((r * 31 + c) % 17) / 17));
    const y = x.map((row) => row.map((v) => v * 0.5));
    const digests: string[] = [];
    const { createHash } = await import('node:crypto');
    const digest = (v: Float32Array) => createHash('sha256').update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).digest('hex');
    const checkpoint = new ModelCheckpoint({ path: join(folder, 'epoch-{epoch}.json') });
    await m.fit(x, y, { epochs: 2, batchSize: 2, callbacks: [{ onEpochEnd: () => { digests.push(digest(m.net!.liveSegments(false)[0].view())); } }, checkpoint] });
    expect(checkpoint.saved).toEqual([join(folder, 'epoch-1.json'), join(folder, 'epoch-2.json')]);
    for (const [i, path] of checkpoint.saved.entries()) {
      expect(existsSync(path.replace('.json', '.weights.bin'))).toBe(true);
      const back = await Sequential.load(path);
      expect(digest(back.net!.liveSegments(false)[0].view())).toBe(digests[i]);
      back.dispose();
    }
    m.dispose();
  }, 120_000);
});

describe('wasmlp train --out with a large network (a saved pipeline)', () => {
  it('writes model.json + model.weights.bin; predict reads both; a damaged or missing weights file is a coded CLI error; --force retrains over its own files', async () => {
    const { cli } = await import('../cli/io.js');
    const folder = join(dir, 'cli');
    const out = join(folder, 'model.json');
    const bin = join(folder, 'model.weights.bin');
    const data = join(process.env.WASMLP_DATA_DIR ?? '', 'iris.csv');
    // 2400-2400 hidden units: 5.8M parameters, 17M values with Adam's state, above the 16M threshold.
    const train = ['train', data, '--layers', '2400,2400', '--epochs', '1', '--seed', '3', '--out', out];
    const trained = await cli(train);
    expect(trained.code, trained.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc.format).toBe('wasmlp-pipeline');
    expect(doc.steps.at(-1).json.model.weightsFile).toMatchObject({ path: 'model.weights.bin' });
    expect(readFileSync(out, 'utf8').length).toBeLessThan(20_000);
    const predicted = await cli(['predict', out, data]);
    expect(predicted.code, predicted.stderr).toBe(0);
    expect(predicted.stdout.split('\n')[1]).toMatch(/^Iris-/);

    const good = readFileSync(bin);
    const flipped = Buffer.from(good);
    flipped[1000] ^= 0x40;
    writeFileSync(bin, flipped);
    const tampered = await cli(['predict', out, data]);
    expect(tampered.code).not.toBe(0);
    expect(tampered.stderr).toMatch(/MODEL_CORRUPTED|fails its checksum/);
    expect(tampered.stderr).toContain(bin);
    expect(tampered.stderr).not.toMatch(/\n\s+at /);
    rmSync(bin);
    const missing = await cli(['predict', out, data]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/is missing/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);

    writeFileSync(bin, good);
    // The pipeline's integrity check covers the embedded model document (and so the file's sha256).
    const edited = structuredClone(doc);
    edited.steps.at(-1).json.model.weightsFile.sha256 = '0'.repeat(64);
    writeFileSync(join(folder, 'edited.json'), JSON.stringify(edited));
    writeFileSync(join(folder, 'edited.weights.bin'), good);
    const refused = await cli(['predict', join(folder, 'edited.json'), data]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/integrity check failed/);

    // An unrelated file where the weights would go stops the command before training, not after.
    const other = join(folder, 'other.json');
    writeFileSync(join(folder, 'other.weights.bin'), 'not a weights file');
    const clash = await cli([...train.slice(0, -1), other]);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toMatch(/--out .*other\.json: .*other\.weights\.bin beside it already exists and is not the weights file/);
    expect(clash.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(other)).toBe(false);
    expect(readFileSync(join(folder, 'other.weights.bin'), 'utf8')).toBe('not a weights file');

    const again = await cli([...train, '--force']);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(bin).equals(good)).toBe(true); // same seed, same file
    // A small network trained over it: one file, and the weights file it no longer names is gone.
    const small = await cli(['train', data, '--layers', '8', '--epochs', '1', '--out', out, '--force']);
    expect(small.code, small.stderr).toBe(0);
    expect(existsSync(bin)).toBe(false);
    expect((await cli(['predict', out, data])).code).toBe(0);
  }, 120_000);
});

describe('giant models (fresh Node processes on dist/)', () => {
  it('the streaming writer and reader at the 256M-parameter limit (1 GiB): bit-identical, constant extra memory', () => {
    const script = `
      const { writeWeightsFile, readWeightsFile } = await import(${JSON.stringify(join(dist, 'io/weights-file.js'))});
      const { createHash } = await import('node:crypto');
      const n = 256 * 1024 * 1024;
      const a = new Float32Array(n);
      for (let i = 0; i < n; i++) a[i] = (i & 0xffff) - 0.5 * (i >>> 16);
      const path = ${JSON.stringify(join(dir, 'limit.weights.bin'))};
      const written = await writeWeightsFile(path, [{ count: n, view: () => a }]);
      const direct = createHash('sha256').update(new Uint8Array(a.buffer)).digest('hex');
      const rss = process.memoryUsage().rss;
      const b = new Float32Array(n);
      await readWeightsFile(path, [{ count: n, view: () => b }], written);
      let same = true;
      for (let i = 0; i < n; i++) if (a[i] !== b[i]) { same = false; break; }
      console.log(JSON.stringify({ bytes: written.bytes, hashMatches: written.sha256 === direct, same, rssGrowthMiB: Math.round((process.memoryUsage().rss - rss) / 2 ** 20) }));
    `;
    const r = runNode(script);
    rmSync(join(dir, 'limit.weights.bin'), { force: true });
    // Reading fills b (1 GiB) and nothing else of that size: no string, no second copy.
    expect(r).toMatchObject({ bytes: 2 ** 30, hashMatches: true, same: true });
    expect(r.rssGrowthMiB as number).toBeLessThan(1024 + 128);
  }, 300_000);

  it('a 150M-parameter model (a 600 MB weights file): toJSON refuses with a coded error, save(path) and load(path) round-trip it bit for bit', () => {
    const folder = join(dir, 'giant');
    mkdirSync(folder);
    const path = join(folder, 'model.json');
    const script = `
      const { Sequential, Dense } = await import(${JSON.stringify(join(dist, 'node.js'))});
      const { createHash } = await import('node:crypto');
      const { statSync } = await import('node:fs');
      const digest = (m) => { const v = m.net.liveSegments(false)[0].view(); return createHash('sha256').update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).digest('hex'); };
      const m = new Sequential([new Dense({ units: 12250, inputDim: 12250 })], { seed: 11 });
      m.build();
      let toJSON = null, inline = null;
      try { m.toJSON(); } catch (e) { toJSON = { code: e.code, message: e.message }; }
      try { await m.save(${JSON.stringify(join(folder, 'inline.json'))}, { weights: 'inline' }); } catch (e) { inline = e.code; }
      await m.save(${JSON.stringify(path)});
      const before = digest(m);
      const doc = JSON.parse((await import('node:fs')).readFileSync(${JSON.stringify(path)}, 'utf8'));
      m.dispose();
      const back = await Sequential.load(${JSON.stringify(path)});
      const after = digest(back);
      back.dispose();
      console.log(JSON.stringify({ params: doc.weights.count, fileBytes: statSync(${JSON.stringify(join(folder, 'model.weights.bin'))}).size, recorded: doc.weightsFile.sha256 === before, same: before === after, toJSON, inline }));
    `;
    const r = runNode(script);
    expect(r).toMatchObject({ params: 150_074_750, fileBytes: 600_299_000, recorded: true, same: true, inline: 'MODEL_TOO_LARGE' });
    expect(r.toJSON).toMatchObject({ code: 'MODEL_TOO_LARGE', message: expect.stringMatching(/150074750 parameters.*Use await model\.save\(path\)/) });
    rmSync(folder, { recursive: true, force: true });
  }, 300_000);

  // The whole 256M-parameter model (build ~20 s, save ~13 s, load ~35 s on 2 busy cores, 2.2 GB RSS): opt in.
  it.runIf(process.env.WASMLP_LARGE_TESTS === '1')('a 268M-parameter model (the limit, a 1 GiB weights file) saves and loads back bit for bit', () => {
    const path = join(dir, 'limit.json');
    const script = `
      const { Sequential, Dense } = await import(${JSON.stringify(join(dist, 'node.js'))});
      const { createHash } = await import('node:crypto');
      const digest = (m) => { const v = m.net.liveSegments(false)[0].view(); return createHash('sha256').update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).digest('hex'); };
      const m = new Sequential([new Dense({ units: 16383, inputDim: 16383 })], { seed: 5 });
      m.build();
      await m.save(${JSON.stringify(path)});
      const before = digest(m);
      m.dispose();
      const back = await Sequential.load(${JSON.stringify(path)});
      console.log(JSON.stringify({ params: back.countParams(), same: digest(back) === before }));
      back.dispose();
    `;
    expect(runNode(script)).toEqual({ params: 268_419_072, same: true });
  }, 600_000);
});
