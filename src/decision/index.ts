/** Decisions on imbalanced binary problems: tuned thresholds and calibrated probabilities. */
export {
  tuneThreshold, chooseThreshold, TunedThresholdClassifier,
  type ThresholdMetric, type ThresholdChoice, type TuneThresholdOptions, type ThresholdedProba,
} from './threshold.js';
export {
  CalibratedClassifier, SigmoidCalibrator, IsotonicCalibrator,
  type Calibrator, type CalibratedClassifierOptions, type CalibrationDiagnostics,
} from './calibration.js';
export type { ProbabilisticClassifier, FoldSplitter, OutOfFold } from './classifier-like.js';
