/** A fitted map from a probability to a calibrated probability. */
export interface Calibrator {
  readonly method: 'sigmoid' | 'isotonic';
  predict(p: number): number;
  toJSON(): unknown;
}
