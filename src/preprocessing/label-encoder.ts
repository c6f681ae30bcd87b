import { WasmlpError, describe } from '../errors.js';
import type { TransformerJSON } from './transformer.js';

/** A class label: a string or a number. */
export type Label = string | number;

/** The fitted state of a LabelEncoder: the sorted classes. */
export interface LabelEncoderState {
  /** Class id -> label, sorted (numerically when every label is a number). */
  classes: Label[];
}

/**
 * Labels -> class ids 0..k-1 (scikit-learn's LabelEncoder). Classes are sorted, numerically when all
 * labels are numbers, so -1 < 1 and 2 < 10. Works on 1-D label arrays, not matrices.
 */
export class LabelEncoder {
  readonly className = 'LabelEncoder';
  private state: LabelEncoderState | null = null;
  private index = new Map<Label, number>();

  /** The learned classes (class id -> label). */
  get classes(): Label[] {
    return [...this.fitted('classes').classes];
  }

  fit(y: ArrayLike<Label>): this {
    if (!y || typeof y.length !== 'number' || y.length === 0) {
      throw new WasmlpError('EMPTY_DATA', `LabelEncoder.fit needs a non-empty array of labels; received ${describe(y)}.`, { option: 'y' });
    }
    const unique = [...new Set(Array.from(y))];
    const numeric = unique.every((v) => typeof v === 'number');
    unique.sort(numeric ? (a, b) => (a as number) - (b as number) : (a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
    return this.setClasses(unique);
  }

  transform(y: ArrayLike<Label>): Int32Array {
    this.fitted('transform');
    const out = new Int32Array(y.length);
    for (let i = 0; i < y.length; i++) {
      const id = this.index.get(y[i]);
      if (id === undefined) {
        throw new WasmlpError('UNKNOWN_LABEL', `LabelEncoder.transform: y[${i}] = ${describe(y[i])} was not seen in fit; known labels: ${this.state!.classes.slice(0, 20).map((c) => JSON.stringify(c)).join(', ')}.`, { row: i });
      }
      out[i] = id;
    }
    return out;
  }

  fitTransform(y: ArrayLike<Label>): Int32Array {
    return this.fit(y).transform(y);
  }

  inverseTransform(ids: ArrayLike<number>): Label[] {
    const { classes } = this.fitted('inverseTransform');
    return Array.from(ids, (id, i) => {
      if (!Number.isInteger(id) || id < 0 || id >= classes.length) {
        throw new WasmlpError('UNKNOWN_LABEL', `LabelEncoder.inverseTransform: ids[${i}] = ${describe(id)} is not a class id; ids run 0..${classes.length - 1}.`, { row: i });
      }
      return classes[id];
    });
  }

  toJSON(): TransformerJSON<Record<string, never>, LabelEncoderState> {
    return { className: this.className, config: {}, state: this.state && { classes: [...this.state.classes] } };
  }

  static fromJSON(json: TransformerJSON<unknown, LabelEncoderState>): LabelEncoder {
    if (json?.className !== 'LabelEncoder') {
      throw new WasmlpError('BAD_JSON', `LabelEncoder.fromJSON received className ${JSON.stringify(json?.className)}; expected "LabelEncoder".`, { option: 'className' });
    }
    const enc = new LabelEncoder();
    return json.state ? enc.setClasses(json.state.classes) : enc;
  }

  private setClasses(classes: Label[]): this {
    this.state = { classes };
    this.index = new Map(classes.map((c, i) => [c, i]));
    return this;
  }

  private fitted(call: string): LabelEncoderState {
    if (!this.state) {
      throw new WasmlpError('NOT_FITTED', `This LabelEncoder is not fitted yet: call fit(y) before ${call}, or use fitTransform(y).`, { option: call });
    }
    return this.state;
  }
}
