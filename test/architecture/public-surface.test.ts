import { describe, expect, it } from 'vitest';
import * as main from '../../src/index.js';
import * as nodeEntry from '../../src/node.js';

describe('the public surface', () => {
  it('keeps internals and aliases out of the main entry', () => {
    for (const name of ['LOG_LOSS_EPS', 'PIPELINE_FORMAT', 'closeSharedPools', 'binaryClfCurve', 'fitCalibrator', 'outOfFoldProba', 'averagePrecision']) {
      expect(main, name).not.toHaveProperty(name);
    }
  });

  it('keeps what users call: closeSharedPools (worker threads) in wasmlp/node, prAuc for average precision', () => {
    expect(typeof nodeEntry.closeSharedPools).toBe('function');
    expect(typeof main.prAuc).toBe('function');
    expect(typeof main.Pipeline.fromJSON).toBe('function');
  });
});
